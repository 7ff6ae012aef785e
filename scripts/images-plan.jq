# How to run one container as the chart's rendered workload says, from `helm template`'s manifests (a JSON array, made
# from the YAML by yq): jq -f images-plan.jq --arg deployment NAME, the container named after the Deployment's
# app.kubernetes.io/name; or --arg kind Pod --arg deployment NAME --arg container NAME. Every reference (a ConfigMap,
# a Secret, a key, a named port) must resolve, or jq stops with an error. Output:
# {name, image, command, args, user, group, fsGroup, readOnlyRootFilesystem, dropCapabilities,
#  allowPrivilegeEscalation, env{}, ports[], memory, cpu, readiness{path, port, seconds}, startup{…},
#  mounts[{path, readOnly, type, files{}, mode, subPath}]}
. as $all
| def the($kind; $name):
    ($all | map(select(.kind == $kind and .metadata.name == $name)) | first)
    // error("no \($kind) \($name) rendered");
  def data($kind; $name):
    the($kind; $name) | (.data // {}) | if $kind == "Secret" then map_values(@base64d) else . end;
  def key($kind; $name; $key):
    data($kind; $name) | if has($key) then .[$key] else error("\($kind) \($name) has no key \($key)") end;
  def port($container; $port):
    if ($port | type) == "number" then $port
    else ($container.ports // [] | map(select(.name == $port)) | first | .containerPort)
      // error("container \($container.name) has no port \($port)") end;
  # An httpGet probe has a path; a tcpSocket probe has none.
  def probe($container; $probe):
    if $probe == null then null
    else {path: $probe.httpGet.path, port: port($container; ($probe.httpGet // $probe.tcpSocket).port),
          seconds: (($probe.periodSeconds // 10) * ($probe.failureThreshold // 3))} end;
  ($ARGS.named.kind // "Deployment") as $kind
| the($kind; $deployment) as $deploy
| (if $kind == "Pod" then $deploy.spec else $deploy.spec.template.spec end) as $pod
| ($ARGS.named.container // $deploy.spec.template.metadata.labels["app.kubernetes.io/name"]) as $app
| (($pod.initContainers // []) + $pod.containers | map(select(.name == $app)) | first
    // error("\($deployment) has no container \($app)")) as $c
| (($pod.securityContext // {}) + ($c.securityContext // {})) as $security
| {
    name: $app,
    image: $c.image,
    command: $c.command,
    args: $c.args,
    user: $security.runAsUser,
    group: $security.runAsGroup,
    fsGroup: $pod.securityContext.fsGroup,
    runAsNonRoot: ($security.runAsNonRoot // false),
    readOnlyRootFilesystem: ($security.readOnlyRootFilesystem // false),
    dropCapabilities: ($security.capabilities.drop // []),
    # false is not "missing": `//` would take it as such.
    allowPrivilegeEscalation: (if $security | has("allowPrivilegeEscalation") then $security.allowPrivilegeEscalation else true end),
    env: (
      ([$c.envFrom // [] | .[]
        | if .configMapRef then data("ConfigMap"; .configMapRef.name) else data("Secret"; .secretRef.name) end]
       | add // {})
      + ([$c.env // [] | .[]
          | {(.name): (if has("value") then .value
                       elif .valueFrom.secretKeyRef then key("Secret"; .valueFrom.secretKeyRef.name; .valueFrom.secretKeyRef.key)
                       else key("ConfigMap"; .valueFrom.configMapKeyRef.name; .valueFrom.configMapKeyRef.key) end)}]
         | add // {})),
    ports: [$c.ports // [] | .[] | .containerPort],
    memory: $c.resources.limits.memory,
    cpu: $c.resources.limits.cpu,
    readiness: probe($c; $c.readinessProbe),
    startup: probe($c; $c.startupProbe // $c.readinessProbe),
    mounts: [$c.volumeMounts // [] | .[] | . as $m
      | ($pod.volumes | map(select(.name == $m.name)) | first // error("no volume \($m.name)")) as $v
      | {path: $m.mountPath, readOnly: ($m.readOnly // false), subPath: $m.subPath}
      + if $v.emptyDir then {type: "emptyDir"}
        elif $v.secret then {type: "files", files: data("Secret"; $v.secret.secretName), mode: ($v.secret.defaultMode // 420)}
        elif $v.configMap then {type: "files", files: data("ConfigMap"; $v.configMap.name), mode: ($v.configMap.defaultMode // 420)}
        else error("volume \($m.name): only emptyDir, secret and configMap volumes are run here") end]
  }
