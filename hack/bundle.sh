#!/usr/bin/env bash
# Regenerates bundle/ (the OLM bundle) from what `./mvnw package` generates into target/bundle: QOSDK's bundle
# generator writes the ClusterServiceVersion (metadata from dev.aimengine.operator.common.reconcile.BundleMetadata,
# permissions from the controllers' RBAC rules) and the CRDs of the reconciled kinds. This script then
#   - adds the two runtime-config CRDs (kinds without a controller, so the generator does not see them),
#   - keeps only AIM kinds as owned and drops "required" CRDs (KServe is usually not installed through OLM, and OLM
#     refuses to install a bundle whose required CRDs no installed operator owns),
#   - sets the alm-examples annotation (OperatorHub's "create" templates) from deploy/samples,
#   - replaces the generated Deployment with deploy/operator/deployment.yaml's (image, probes, security context,
#     JVM flags, POD_NAMESPACE/POD_NAME) and grants the Lease permissions leader election needs.
# Needs python3 with PyYAML (Debian: python3-yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--no-build" ]; then
  ./mvnw -q package -DskipTests
fi
rm -rf bundle
cp -r target/bundle/aim-engine-operator bundle
for kind in aimruntimeconfigs aimclusterruntimeconfigs; do
  cp "deploy/crds/${kind}.aim.eai.amd.com.yaml" "bundle/manifests/${kind}.aim.eai.amd.com-v1.crd.yml"
done
python3 - <<'PY'
import yaml
path = 'bundle/manifests/aim-engine-operator.clusterserviceversion.yaml'
csv = yaml.safe_load(open(path))
crds = csv['spec']['customresourcedefinitions']
owned = [c for c in crds.get('owned', []) if c['name'].endswith('.aim.eai.amd.com')]
for kind, plural in (('AIMRuntimeConfig', 'aimruntimeconfigs'), ('AIMClusterRuntimeConfig', 'aimclusterruntimeconfigs')):
    owned.append({'kind': kind, 'name': plural + '.aim.eai.amd.com', 'version': 'v1alpha1'})
crds['owned'] = sorted(owned, key=lambda c: c['kind'])
crds.pop('required', None)
deployment = yaml.safe_load(open('deploy/operator/deployment.yaml'))
install = csv['spec']['install']['spec']
install['deployments'] = [{'name': 'aim-engine-operator', 'label': deployment['metadata']['labels'],
                           'spec': deployment['spec']}]
install['permissions'] = [{'serviceAccountName': 'aim-engine-operator', 'rules': [
    {'apiGroups': ['coordination.k8s.io'], 'resources': ['leases'], 'verbs': ['get', 'create', 'update', 'patch']}]}]
import glob, json
examples = []
for sample in sorted(glob.glob('deploy/samples/*.yaml')):
    for doc in yaml.safe_load_all(open(sample)):
        if doc and doc.get('apiVersion', '').startswith('aim.eai.amd.com/'):
            examples.append(doc)
csv['metadata'].setdefault('annotations', {})['alm-examples'] = json.dumps(examples, indent=2)
yaml.safe_dump(csv, open(path, 'w'), sort_keys=False, width=120)
PY
echo "bundle/ regenerated"
