#!/usr/bin/env bash
# Regenerates bundle/ (the OLM bundle) from what `./mvnw package` generates into target/bundle: QOSDK's bundle
# generator writes the ClusterServiceVersion (metadata from dev.aimengine.operator.common.reconcile.BundleMetadata,
# permissions from the controllers' RBAC rules) and the CRDs of the reconciled kinds. This script then
#   - adds the two runtime-config CRDs (kinds without a controller, so the generator does not see them),
#   - keeps only AIM kinds as owned and drops "required" CRDs (KServe is usually not installed through OLM, and OLM
#     refuses to install a bundle whose required CRDs no installed operator owns),
#   - gives each owned kind the display name, description and spec/status descriptors of hack/bundle-descriptors.yaml
#     (what OperatorHub shows for it; the generator has no way to express them),
#   - sets the alm-examples annotation (OperatorHub's "create" templates) from deploy/samples,
#   - replaces the generated Deployment with deploy/operator/deployment.yaml's (image, probes, security context,
#     JVM flags, POD_NAMESPACE/POD_NAME) and grants the Lease permissions leader election needs,
#   - sorts the cluster permission rules, which the generator emits in an order that changes from build to build,
#     so that regenerating an unchanged operator gives an identical bundle (BundleIT relies on that).
#
# Usage: hack/bundle.sh [--no-build]
#   --no-build      use the existing target/bundle instead of running `./mvnw package` first
#   BUNDLE_OUT=dir  write the bundle to dir instead of bundle/ (BundleIT compares such a copy with bundle/)
#
# Needs python3 with PyYAML; installs Debian's python3-yaml (as root, or with sudo) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${BUNDLE_OUT:-bundle}"
if [ -z "$OUT" ] || [ "$OUT" = "/" ] || [ "$OUT" = "." ]; then
  echo "BUNDLE_OUT must name a directory of its own" >&2
  exit 2
fi

if ! python3 -c 'import yaml' >/dev/null 2>&1; then
  SUDO=""
  if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  echo ">> PyYAML not found; installing Debian's python3-yaml" >&2
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends python3-yaml >&2
fi

if [ "${1:-}" != "--no-build" ]; then
  ./mvnw -q package -DskipTests
fi
if [ ! -d target/bundle/aim-engine-operator ]; then
  echo "target/bundle/aim-engine-operator is missing: run ./mvnw package (or this script without --no-build)" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
cp -r target/bundle/aim-engine-operator "$OUT"
for kind in aimruntimeconfigs aimclusterruntimeconfigs; do
  cp "deploy/crds/${kind}.aim.eai.amd.com.yaml" "$OUT/manifests/${kind}.aim.eai.amd.com-v1.crd.yml"
done
BUNDLE_OUT="$OUT" python3 - <<'PY'
import copy, glob, json, os, sys
import yaml
path = os.path.join(os.environ['BUNDLE_OUT'], 'manifests/aim-engine-operator.clusterserviceversion.yaml')
csv = yaml.safe_load(open(path))
crds = csv['spec']['customresourcedefinitions']
owned = [c for c in crds.get('owned', []) if c['name'].endswith('.aim.eai.amd.com')]
for kind, plural in (('AIMRuntimeConfig', 'aimruntimeconfigs'), ('AIMClusterRuntimeConfig', 'aimclusterruntimeconfigs')):
    owned.append({'kind': kind, 'name': plural + '.aim.eai.amd.com', 'version': 'v1alpha1'})
descriptors = yaml.safe_load(open('hack/bundle-descriptors.yaml'))
unknown = set(descriptors) - {c['kind'] for c in owned}
if unknown:
    sys.exit('hack/bundle-descriptors.yaml names kinds the bundle does not own: %s' % sorted(unknown))
for crd in owned:
    # a deep copy: kinds that share descriptors through YAML anchors would otherwise be dumped as aliases
    for key, value in copy.deepcopy(descriptors.get(crd['kind'], {})).items():
        crd[key] = value
crds['owned'] = sorted(owned, key=lambda c: c['kind'])
crds.pop('required', None)
deployment = yaml.safe_load(open('deploy/operator/deployment.yaml'))
install = csv['spec']['install']['spec']
install['deployments'] = [{'name': 'aim-engine-operator', 'label': deployment['metadata']['labels'],
                           'spec': deployment['spec']}]
install['permissions'] = [{'serviceAccountName': 'aim-engine-operator', 'rules': [
    {'apiGroups': ['coordination.k8s.io'], 'resources': ['leases'], 'verbs': ['get', 'create', 'update', 'patch']}]}]
for permission in install.get('clusterPermissions', []):
    permission['rules'].sort(key=lambda rule: json.dumps(rule, sort_keys=True))
examples = []
for sample in sorted(glob.glob('deploy/samples/*.yaml')):
    for doc in yaml.safe_load_all(open(sample)):
        if doc and doc.get('apiVersion', '').startswith('aim.eai.amd.com/'):
            examples.append(doc)
csv['metadata'].setdefault('annotations', {})['alm-examples'] = json.dumps(examples, indent=2)
yaml.safe_dump(csv, open(path, 'w'), sort_keys=False, width=120)
PY
echo "$OUT/ regenerated"
