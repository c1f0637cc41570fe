/**
 * Stand-ins for the cluster components the tier-3 control plane (kube-apiserver, etcd, kube-controller-manager) does
 * not run: a kubelet (with the scheduler's binding step and container logs served through the API server), KServe
 * (predictor pods, InferenceService status, the KEDA HPA), a volume provisioner, and the artifact downloader image.
 * <p>
 * Each works only through the real API server, the way the component it replaces would: it creates and binds
 * objects, writes status subresources and serves what the API server asks of it. The operator under test therefore
 * reads everything through its ordinary code paths.
 */
package dev.aimengine.operator.testing.standin;
