package homework.arch.infra.problem;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * UUID path, query and header parameters. JAX-RS answers a value it cannot convert with an anonymous 404 (path and
 * query) or 400 (header); a client must hear which parameter is wrong, like a wrong field in a body. Only the
 * canonical 8-4-4-4-12 form is accepted: {@link UUID#fromString} would also take "1-1-1-1-1".
 */
@Provider
public class UuidParameters implements ParamConverterProvider {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UUID.class) {
            return null;
        }
        return (ParamConverter<T>) new Converter(nameOf(annotations));
    }

    static String nameOf(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            String name = annotation instanceof PathParam path ? path.value()
                    : annotation instanceof QueryParam query ? query.value()
                    : annotation instanceof HeaderParam header ? header.value()
                    : annotation instanceof CookieParam cookie ? cookie.value()
                    : annotation instanceof FormParam form ? form.value()
                    : annotation instanceof MatrixParam matrix ? matrix.value()
                    : null;
            if (name != null) {
                return name;
            }
        }
        return "parameter";
    }

    record Converter(String name) implements ParamConverter<UUID> {

        @Override
        public UUID fromString(String value) {
            if (value == null) {
                return null;
            }
            if (!CANONICAL.matcher(value).matches()) {
                throw new InvalidParameter("validation_failed", name, "must be a UUID");
            }
            return UUID.fromString(value);
        }

        @Override
        public String toString(UUID value) {
            return value == null ? null : value.toString();
        }
    }
}
