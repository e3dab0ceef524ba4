package vn.p06.protocol.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

/**
 * Validation of settings records with Hibernate Validator, and problems named by the keys people
 * write: a record component {@code queueName} is the file's {@code queue-name} (kebab case, the
 * naming of kiosk.conf), or the name its {@link JsonProperty} gives.
 */
public final class Settings {
    private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB = new PropertyNamingStrategies.KebabCaseStrategy();
    // ParameterMessageInterpolator: messages with {min}/{max} but no Jakarta EL implementation on the kiosk.
    private static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class).configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .propertyNodeNameProvider(new FileKeys())
            .buildValidatorFactory()
            .getValidator();

    private Settings() {
    }

    /** The constraint violations of {@code settings} (nested records included), sorted by key. */
    public static List<String> problems(Object settings) {
        List<String> problems = new ArrayList<>();
        for (ConstraintViolation<Object> violation : VALIDATOR.validate(settings)) {
            problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        return problems.stream().sorted().collect(Collectors.toList());
    }

    /**
     * A Jackson binding failure as one problem line naming the key: an unknown key, a value of the
     * wrong type ({@code session.timeout-seconds: must be a whole number, not "soon"}).
     */
    public static String problem(JsonMappingException e) {
        String key = key(e.getPath());
        if (e instanceof UnrecognizedPropertyException) {
            return join(key) + ": unknown key";
        }
        if (e instanceof InvalidFormatException format) {
            return key + ": must be " + typeName(format.getTargetType()) + ", not \"" + format.getValue() + "\"";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return key + ": must be " + typeName(mismatch.getTargetType());
        }
        String message = String.valueOf(e.getOriginalMessage());
        int newline = message.indexOf('\n');
        return (key.isEmpty() ? "file" : key) + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    private static String join(String key) {
        return key.isEmpty() ? "file" : key;
    }

    private static String key(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isRecord()) {
            return "a section of keys";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    /** Names validation path nodes the way Jackson names the keys. */
    static final class FileKeys implements PropertyNodeNameProvider {
        @Override
        public String getName(Property property) {
            if (property instanceof JavaBeanProperty bean) {
                try {
                    Field field = bean.getDeclaringClass().getDeclaredField(bean.getName());
                    JsonProperty named = field.getAnnotation(JsonProperty.class);
                    if (named != null && !named.value().isEmpty()) {
                        return named.value();
                    }
                } catch (NoSuchFieldException e) {
                    // a getter without a field of its name: the kebab-case rule below names it
                }
            }
            return KEBAB.translate(property.getName());
        }
    }
}
