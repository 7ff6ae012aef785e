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
# It verifies its own tokens (GET /users/me) against the key set it publishes, as every other service will.
MP_JWT_VERIFY_PUBLICKEY_LOCATION: {{ printf "http://localhost:%v%s/.well-known/jwks.json" $.Values.ports.http $svc.path | quote }}
{{- end }}
{{- range $name, $value := $svc.config }}
{{ $name }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* One service's Secret data: its database role. (list $ $svc) */}}
{{- define "arch.service.secret" -}}
{{- $ := index . 0 -}}
{{- $svc := index . 1 -}}
QUARKUS_DATASOURCE_USERNAME: {{ $svc.database.username | b64enc }}
QUARKUS_DATASOURCE_PASSWORD: {{ include "arch.credential" (list $ (include "arch.name" (list $ $svc.name)) "QUARKUS_DATASOURCE_PASSWORD" $svc.database.password) | b64enc }}
{{- end }}

{{/* The broker's credentials, for the in-chart RabbitMQ and for every service. */}}
{{- define "arch.rabbitmq.secret" -}}
username: {{ .Values.rabbitmq.auth.username | b64enc }}
password: {{ include "arch.credential" (list . (include "arch.name" (list . "rabbitmq")) "password" .Values.rabbitmq.auth.password) | b64enc }}
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
