{{/* Base name of every object: the release name unless fullnameOverride says otherwise. */}}
{{- define "arch.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end }}

{{/* Name of a part of the release: (list $ "user-service") -> <fullname>-user-service */}}
{{- define "arch.name" -}}
{{- printf "%s-%s" (include "arch.fullname" (index . 0)) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Labels selecting one part of the release: (list $ "user-service") */}}
{{- define "arch.selectorLabels" -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ (index . 0).Release.Name }}
{{- end }}

{{/* All labels of one part of the release: (list $ "user-service") */}}
{{- define "arch.labels" -}}
{{ include "arch.selectorLabels" . }}
app.kubernetes.io/part-of: arch-homework
app.kubernetes.io/version: {{ (index . 0).Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ (index . 0).Release.Service }}
helm.sh/chart: {{ printf "%s-%s" (index . 0).Chart.Name (index . 0).Chart.Version | replace "+" "_" }}
{{- end }}

{{/* A pinned third-party image: {repository, tag} (the schema forbids `latest` and a missing tag). */}}
{{- define "arch.image" -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end }}

{{/* One service's image: (list $ "user-service") */}}
{{- define "arch.serviceImage" -}}
{{- $ := index . 0 -}}
{{- printf "%s/%s:%s" $.Values.image.registry (index . 1) (default $.Chart.AppVersion $.Values.image.tag) -}}
{{- end }}

{{/*
A service's settings: the `workload` defaults overlaid with its entry under `services`, plus its name.
(list $ "user") -> YAML; read it with fromYaml.
*/}}
{{- define "arch.service" -}}
{{- $ := index . 0 -}}
{{- $key := index . 1 -}}
{{- $svc := mergeOverwrite (deepCopy $.Values.workload) (deepCopy (index $.Values.services $key)) -}}
{{- $_ := set $svc "name" (printf "%s-service" $key) -}}
{{- toYaml $svc -}}
{{- end }}

{{/*
A credential: the value given in values, else the one already in the release's Secret (so upgrades keep it),
else a new random one. (list $ secretName key givenValue)
*/}}
{{- define "arch.credential" -}}
{{- $ := index . 0 -}}
{{- $secretName := index . 1 -}}
{{- $key := index . 2 -}}
{{- $given := index . 3 -}}
{{- if $given -}}
{{- $given -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" $.Release.Namespace $secretName -}}
{{- if and $existing $existing.data (hasKey $existing.data $key) -}}
{{- index $existing.data $key | b64dec -}}
{{- else -}}
{{- randAlphaNum 24 -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* PostgreSQL's address: the in-chart StatefulSet's Service or the external server. Output: "host:port". */}}
{{- define "arch.postgresql.address" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "%s:%v" (include "arch.name" (list . "postgresql")) .Values.postgresql.port -}}
{{- else -}}
{{- printf "%s:%v" (required "postgresql.external.host is required when postgresql.enabled=false" .Values.postgresql.external.host) .Values.postgresql.external.port -}}
{{- end -}}
{{- end }}

{{- define "arch.rabbitmq.host" -}}
{{- if .Values.rabbitmq.enabled -}}
{{- include "arch.name" (list . "rabbitmq") -}}
{{- else -}}
{{- required "rabbitmq.external.host is required when rabbitmq.enabled=false" .Values.rabbitmq.external.host -}}
{{- end -}}
{{- end }}

{{- define "arch.rabbitmq.port" -}}
{{- ternary .Values.rabbitmq.port .Values.rabbitmq.external.port .Values.rabbitmq.enabled -}}
{{- end }}

{{/* The security context of every container: nothing but what the process needs. */}}
{{- define "arch.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* The security context of every pod, for the image's non-root user id. */}}
{{- define "arch.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
fsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
One service's ConfigMap data (also hashed into the Deployment's checksum/config annotation, so a change rolls
the pods). Keys are Quarkus properties in env-var form: deploy-tests maps each back to a property of the service's
application.properties. (list $ $svc)
*/}}
{{- define "arch.service.config" -}}
{{- $ := index . 0 -}}
{{- $svc := index . 1 -}}
{{- $db := printf "%s/%s" (include "arch.postgresql.address" $) $svc.database.name -}}
QUARKUS_HTTP_PORT: {{ $.Values.ports.http | quote }}
QUARKUS_MANAGEMENT_PORT: {{ $.Values.ports.management | quote }}
QUARKUS_DATASOURCE_REACTIVE_URL: {{ printf "postgresql://%s" $db | quote }}
QUARKUS_DATASOURCE_JDBC_URL: {{ printf "jdbc:postgresql://%s" $db | quote }}
RABBITMQ_HOST: {{ include "arch.rabbitmq.host" $ | quote }}
RABBITMQ_PORT: {{ include "arch.rabbitmq.port" $ | quote }}
{{- if $svc.billingClient }}
QUARKUS_REST_CLIENT_BILLING_URL: {{ printf "http://%s:%v" (include "arch.name" (list $ "billing-service")) $.Values.ports.http | quote }}
{{- end }}
{{- with $svc.currencySetting }}
{{ . }}: {{ $.Values.currency | quote }}
{{- end }}
{{- if $svc.signsTokens }}
USERS_TOKENS_SIGNING_KEY_LOCATION: "/etc/token-keys/signing-key.pem"
{{- with $.Values.tokens.previousPublicKeys }}
USERS_TOKENS_PREVIOUS_PUBLIC_KEY_LOCATIONS: {{ range $i, $key := . }}{{ if $i }},{{ end }}/etc/token-keys/previous-{{ $i }}.pem{{ end }}
{{- end }}
{{- end }}
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ include "arch.jwksUrl" (list $ $svc) | quote }}
{{- with $.Values.tokens.externalIssuer }}
{{- if .enabled }}
MP_JWT_VERIFY_ISSUER: {{ required "tokens.externalIssuer.issuer is required when tokens.externalIssuer.enabled" .issuer | quote }}
MP_JWT_VERIFY_AUDIENCES: {{ required "tokens.externalIssuer.audience is required when tokens.externalIssuer.enabled" .audience | quote }}
{{- if $svc.signsTokens }}
USERS_LOGIN_ENABLED: "false"
{{- end }}
{{- end }}
{{- end }}
{{- with $.Values.tracing.otlp.endpoint }}
OTEL_EXPORTER_OTLP_ENDPOINT: {{ . | quote }}
OTEL_EXPORTER_OTLP_PROTOCOL: {{ $.Values.tracing.otlp.protocol | quote }}
OTEL_TRACES_SAMPLER_ARG: {{ $.Values.tracing.sampleRatio | toString | quote }}
{{- end }}
QUARKUS_LOG_CONSOLE_JSON_ENABLED: {{ $.Values.logs.json | quote }}
{{- with dig "resources" "limits" "cpu" "" $svc }}
QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE: {{ include "arch.wholeCpus" . | quote }}
{{- end }}
{{- range $name, $value := $svc.config }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/*
The whole CPUs of a Kubernetes CPU quantity, at least one: "500m" → 1, "1" → 1, "1.5" → 2, 2 → 2. A service runs one
event loop per CPU of its limit (docs/decisions/0021-one-event-loop-per-cpu.md).
*/}}
{{- define "arch.wholeCpus" -}}
{{- $quantity := toString . -}}
{{- $cpus := ternary (divf (trimSuffix "m" $quantity | float64) 1000) (float64 $quantity) (hasSuffix "m" $quantity) -}}
{{- max 1 (ceil $cpus | int) -}}
{{- end }}

{{/*
The port of the OTLP endpoint (tracing.otlp.endpoint): the URL's, else the protocol's default (4317 for grpc, 4318
for http/protobuf).
*/}}
{{- define "arch.otlp.port" -}}
{{- $url := urlParse .Values.tracing.otlp.endpoint -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}
{{ last $hostPort }}
{{- else if eq .Values.tracing.otlp.protocol "grpc" -}}
4317
{{- else -}}
4318
{{- end -}}
{{- end }}

{{/*
Where a service fetches the public keys that verify access tokens (a JWK Set): the external issuer's when one is
configured, else the set the service with `signsTokens` (user-service) publishes, through its Service; that service
asks itself on localhost. (list $ $svc)
*/}}
{{- define "arch.jwksUrl" -}}
{{- $ := index . 0 -}}
{{- $svc := index . 1 -}}
{{- if $.Values.tokens.externalIssuer.enabled -}}
{{- required "tokens.externalIssuer.jwksUrl is required when tokens.externalIssuer.enabled" $.Values.tokens.externalIssuer.jwksUrl -}}
{{- else if $svc.signsTokens -}}
{{- printf "http://localhost:%v%s/.well-known/jwks.json" $.Values.ports.http $svc.path -}}
{{- else -}}
{{- $signers := list -}}
{{- range $key := keys $.Values.services | sortAlpha -}}
{{- if (index $.Values.services $key).signsTokens -}}
{{- $signers = append $signers (include "arch.service" (list $ $key) | fromYaml) -}}
{{- end -}}
{{- end -}}
{{- if ne (len $signers) 1 -}}
{{- fail "exactly one service must have signsTokens (or set tokens.externalIssuer)" -}}
{{- end -}}
{{- $signer := first $signers -}}
{{- printf "http://%s:%v%s/.well-known/jwks.json" (include "arch.name" (list $ $signer.name)) $.Values.ports.http $signer.path -}}
{{- end -}}
{{- end }}

{{/* One service's Secret data: its database role. (list $ $svc) */}}
{{- define "arch.service.secret" -}}
{{- $ := index . 0 -}}
{{- $svc := index . 1 -}}
QUARKUS_DATASOURCE_USERNAME: {{ $svc.database.username | b64enc }}
QUARKUS_DATASOURCE_PASSWORD: {{ include "arch.credential" (list $ (include "arch.name" (list $ $svc.name)) "QUARKUS_DATASOURCE_PASSWORD" $svc.database.password) | b64enc }}
{{- end }}

{{/* The broker's administrator (management UI, operators; no service): for the in-chart RabbitMQ. */}}
{{- define "arch.rabbitmq.secret" -}}
username: {{ (index . 0).Values.rabbitmq.auth.username | b64enc }}
password: {{ index . 1 | b64enc }}
{{- end }}
{{- define "arch.rabbitmq.adminPassword" -}}
{{- include "arch.credential" (list . (include "arch.name" (list . "rabbitmq")) "password" .Values.rabbitmq.auth.password) -}}
{{- end }}

{{/*
The key access tokens are signed with: the one given in values, else the one already in the release's Secret (so
upgrades keep it and nobody is logged out), else a new one. (list $ secretName)
*/}}
{{- define "arch.signingKey" -}}
{{- $ := index . 0 -}}
{{- $secretName := index . 1 -}}
{{- if $.Values.tokens.signingKey -}}
{{- $.Values.tokens.signingKey -}}
{{- else -}}
{{- $existing := lookup "v1" "Secret" $.Release.Namespace $secretName -}}
{{- if and $existing $existing.data (hasKey $existing.data "signing-key.pem") -}}
{{- index $existing.data "signing-key.pem" | b64dec -}}
{{- else -}}
{{- genPrivateKey "rsa" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/*
The services that call billing's internal operations (those with `billingClient`), by name, space-separated:
"order-service user-service". Each has its own credential in the Secret <fullname>-service-credentials.
*/}}
{{- define "arch.billingCallers" -}}
{{- $callers := list -}}
{{- range $key := keys .Values.services | sortAlpha -}}
{{- if (index $.Values.services $key).billingClient -}}
{{- $callers = append $callers (printf "%s-service" $key) -}}
{{- end -}}
{{- end -}}
{{- join " " $callers -}}
{{- end }}

{{/*
A caller's credential: the value given in serviceCredentials, else the one already in the release's Secret (upgrades
keep it), else a new random one. (list $ "user-service")
*/}}
{{- define "arch.serviceCredential" -}}
{{- $ := index . 0 -}}
{{- $caller := index . 1 -}}
{{- include "arch.credential" (list $ (include "arch.name" (list $ "service-credentials")) $caller (index $.Values.serviceCredentials $caller | default "")) -}}
{{- end }}

{{/* The Secret data of the callers' credentials, one key per caller. */}}
{{- define "arch.serviceCredentials" -}}
{{- range $caller := include "arch.billingCallers" . | splitList " " | compact }}
{{ $caller }}: {{ include "arch.serviceCredential" (list $ $caller) | b64enc }}
{{- end }}
{{- end }}

{{/*
The credentials a service's pods hold, for their checksum (a changed one rolls them): billing-service every caller's,
a caller its own, any other none. (list $ $svc)
*/}}
{{- define "arch.serviceCredentialsOf" -}}
{{- $ := index . 0 -}}
{{- $svc := index . 1 -}}
{{- range $caller := include "arch.billingCallers" $ | splitList " " | compact }}
{{- if or (eq $svc.name "billing-service") (eq $svc.name $caller) }}
{{ $caller }}: {{ include "arch.serviceCredential" (list $ $caller) }}
{{- end }}
{{- end }}
{{- end }}

{{/* The variable billing-service reads a caller's password from: user-service -> BILLING_CALLER_USER_SERVICE_PASSWORD */}}
{{- define "arch.billingCallerEnv" -}}
{{- printf "BILLING_CALLER_%s_PASSWORD" (. | upper | replace "-" "_") -}}
{{- end }}

{{/* The container ports of the in-chart PostgreSQL and RabbitMQ (their Services' ports are configurable). */}}
{{- define "arch.postgresql.podPort" -}}5432{{- end }}
{{- define "arch.rabbitmq.podPort" -}}5672{{- end }}
{{- define "arch.rabbitmq.managementPodPort" -}}15672{{- end }}

{{/* Labels every pod of the release carries (services, PostgreSQL, RabbitMQ, the helm test pod). */}}
{{- define "arch.releasePodLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: arch-homework
{{- end }}

{{/* NetworkPolicy peers of the edge: the ingress controller's pods (ingress.enabled), the Gateway's (gateway.enabled). */}}
{{- define "arch.edgePeers" -}}
{{- range $edge := list (ternary .Values.networkPolicy.ingressController nil .Values.ingress.enabled) (ternary .Values.networkPolicy.gateway nil .Values.gateway.enabled) | compact }}
- namespaceSelector:
    {{- toYaml $edge.namespaceSelector | nindent 4 }}
  podSelector:
    {{- toYaml $edge.podSelector | nindent 4 }}
{{- end }}
{{- end }}

{{/* NetworkPolicy peers: the pods of the named services. (list $ names) */}}
{{- define "arch.servicePeers" -}}
{{- $ := index . 0 -}}
{{- range $name := index . 1 }}
- podSelector:
    matchLabels:
      {{- include "arch.selectorLabels" (list $ $name) | nindent 6 }}
{{- end }}
{{- end }}

{{/* A service's egress rules to PostgreSQL and RabbitMQ: the in-chart pods, or the external servers' CIDRs. */}}
{{- define "arch.backingEgress" -}}
{{- range $server := list "postgresql" "rabbitmq" }}
{{- $values := index $.Values $server }}
- to:
    {{- if $values.enabled }}
    - podSelector:
        matchLabels:
          {{- include "arch.selectorLabels" (list $ $server) | nindent 10 }}
    {{- else }}
    {{- /* The server's address first: its own error says what is missing before the CIDRs' does. */}}
    {{- $_ := include (ternary "arch.postgresql.address" "arch.rabbitmq.host" (eq $server "postgresql")) $ }}
    {{- $cidrs := index $.Values.networkPolicy.egress $server }}
    {{- if not $cidrs }}
    {{- fail (printf "networkPolicy.egress.%s (the external server's CIDRs) is required when %s.enabled=false and networkPolicy.enabled" $server $server) }}
    {{- end }}
    {{- range $cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
    {{- end }}
  ports:
    - protocol: TCP
      port: {{ ternary (include (printf "arch.%s.podPort" $server) $) $values.external.port $values.enabled }}
{{- end }}
{{- end }}

{{/*
The sign-in requests the edge rate-limits: registration (POST <path>) and login (POST <path>/login) of the service
that signs tokens. Output YAML: {service: user-service, paths: [/users, /users/login]}; read it with fromYaml.
*/}}
{{- define "arch.signInPaths" -}}
{{- range $key := keys .Values.services | sortAlpha }}
{{- $svc := include "arch.service" (list $ $key) | fromYaml }}
{{- if $svc.signsTokens }}
service: {{ $svc.name }}
paths:
  - {{ $svc.path }}
  - {{ $svc.path }}/login
{{- end }}
{{- end }}
{{- end }}

{{/* The Ingresses' tls section (ingress.tls): the host with the Secret given or <fullname>-tls. */}}
{{- define "arch.ingressTls" -}}
{{- if .Values.ingress.tls.enabled }}
tls:
  - hosts:
      - {{ .Values.ingress.host | quote }}
    secretName: {{ .Values.ingress.tls.secretName | default (include "arch.name" (list . "tls")) }}
{{- end }}
{{- end }}

{{/* The HTTPRoutes' parentRefs (gateway.parentRefs); a non-empty section name replaces theirs. (list $ sectionName) */}}
{{- define "arch.gatewayParentRefs" -}}
{{- $ := index . 0 -}}
{{- $section := index . 1 -}}
{{- range $ref := $.Values.gateway.parentRefs }}
- group: gateway.networking.k8s.io
  kind: Gateway
  name: {{ $ref.name }}
  {{- with $ref.namespace }}
  namespace: {{ . }}
  {{- end }}
  {{- with ($section | default $ref.sectionName) }}
  sectionName: {{ . }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
The broker users' permissions on the vhost / (configure, write, read) and the exchanges declared before any service
starts: files/broker.json, which scripts/stack.sh reads too for `make run`.
*/}}
{{- define "arch.rabbitmq.broker" -}}
{{- .Files.Get "files/broker.json" -}}
{{- end }}

{{/*
The Secret data of the broker users: one password per user (given in rabbitmq.users, else the one in the release's
Secret, else a new one) and, for the in-chart broker, definitions.json with the same passwords (generated once per
render, so the broker and the services agree), the administrator (rabbitmq.auth) and the permissions.
*/}}
{{- define "arch.rabbitmq.usersSecret" -}}
{{- $root := index . 0 -}}
{{- $adminPassword := index . 1 -}}
{{- $secret := include "arch.name" (list $root "rabbitmq-users") -}}
{{- $broker := include "arch.rabbitmq.broker" $root | fromJson -}}
{{- $permissions := $broker.permissions -}}
{{- $users := list -}}
{{- $grants := list -}}
{{- range $user := keys $permissions | sortAlpha }}
{{- $password := include "arch.credential" (list $root $secret $user (index $root.Values.rabbitmq.users $user).password) }}
{{ $user }}: {{ $password | b64enc }}
{{ $user }}.username: {{ $user | b64enc }}
{{- $users = append $users (dict "name" $user "password" $password "tags" "") -}}
{{- $p := index $permissions $user -}}
{{- $grants = append $grants (dict "user" $user "vhost" "/" "configure" (index $p 0) "write" (index $p 1) "read" (index $p 2)) -}}
{{- end }}
{{- if $root.Values.rabbitmq.enabled }}
{{- $admin := $root.Values.rabbitmq.auth.username -}}
{{- $users = append $users (dict "name" $admin "password" $adminPassword "tags" "administrator") -}}
{{- $grants = append $grants (dict "user" $admin "vhost" "/" "configure" ".*" "write" ".*" "read" ".*") }}
{{- $exchanges := list -}}
{{- range $broker.exchanges }}
{{- $exchanges = append $exchanges (dict "name" .name "vhost" "/" "type" .type "durable" true "auto_delete" false "internal" false "arguments" (dict)) -}}
{{- end }}
definitions.json: {{ dict "users" $users "vhosts" (list (dict "name" "/")) "permissions" $grants "exchanges" $exchanges | toJson | b64enc }}
{{- end }}
{{- end }}
