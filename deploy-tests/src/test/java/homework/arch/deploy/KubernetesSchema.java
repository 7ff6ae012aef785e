package homework.arch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Validates a manifest against the Kubernetes API, offline: the official Java client's models are generated from
 * the Kubernetes OpenAPI spec, and their validateJsonElement rejects unknown fields, missing required fields and
 * values of the wrong JSON shape. A round trip through the model then catches what that leaves out, such as a
 * number written as a string.
 */
final class KubernetesSchema {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private KubernetesSchema() {
    }

    /** What the API server would reject in this manifest; empty when it is valid. */
    static List<String> violations(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        String kind = manifest.path("kind").asText();
        Class<?> model;
        try {
            model = Class.forName(MODELS + modelName(apiVersion, kind));
        } catch (ClassNotFoundException e) {
            return List.of("no Kubernetes API type " + apiVersion + " " + kind);
        }
        JsonElement json = JsonParser.parseString(manifest.toString());
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
        } catch (InvocationTargetException e) {
            return List.of(Objects.toString(e.getCause().getMessage(), e.getCause().toString()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        List<String> differences = new ArrayList<>();
        try {
            JsonElement roundTrip = new JSON().getGson().toJsonTree(new JSON().getGson().fromJson(json, model));
            compare("", json, roundTrip, differences);
        } catch (RuntimeException e) {
            differences.add(e.toString());
        }
        return differences;
    }

    /** apps/v1 Deployment -> V1Deployment, autoscaling/v2 HorizontalPodAutoscaler -> V2HorizontalPodAutoscaler. */
    private static String modelName(String apiVersion, String kind) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1) + kind;
    }

    private static void compare(String path, JsonElement written, JsonElement read, List<String> differences) {
        if (written.isJsonObject() && read != null && read.isJsonObject()) {
            for (Map.Entry<String, JsonElement> field : written.getAsJsonObject().entrySet()) {
                compare(path + "." + field.getKey(), field.getValue(), read.getAsJsonObject().get(field.getKey()),
                        differences);
            }
        } else if (written.isJsonArray() && read != null && read.isJsonArray()
                && written.getAsJsonArray().size() == read.getAsJsonArray().size()) {
            for (int i = 0; i < written.getAsJsonArray().size(); i++) {
                compare(path + "[" + i + "]", written.getAsJsonArray().get(i), read.getAsJsonArray().get(i),
                        differences);
            }
        } else if (!written.equals(read) && !written.isJsonNull()) {
            differences.add(path + ": written " + written + ", read by the API type as " + read);
        }
    }
}
