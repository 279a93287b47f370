package jp.jcstar.functions;

import java.util.List;
import org.joda.time.DateTime;
import org.joda.time.format.DateTimeFormatter;
import org.joda.time.format.ISODateTimeFormat;

/**
 * Not used by our code: names, for the build, the classes the Lambda Java runtime's event serializer
 * ({@code aws-lambda-java-serialization}, its {@code DateTimeModule}) loads by name from the function's
 * class path for every API Gateway event, even those without a date-time field. The public functions'
 * jar is minimised from entry points (functions/pom.xml, execution {@code public-functions}); this class
 * is one of them, so those Joda-Time classes and what they reach are kept, not all of Joda-Time.
 * {@code ArtifactsPackagedTest} and {@code bench/coldstart.sh} run that serializer on the jar, and SnapStart
 * priming reads its events with it ({@link RuntimeSerializer}), so these classes are in the snapshot too.
 */
final class SerializerNeeds {
    private SerializerNeeds() {}

    static final List<Class<?>> LOADED_BY_NAME = List.of(DateTime.class, ISODateTimeFormat.class, DateTimeFormatter.class);
}
