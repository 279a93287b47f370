package jp.jcstar.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Guards the layering: only {@code jp.jcstar.aws} may import the AWS SDK. */
class AwsTypesStayInTheAdapterTest {
    @Test
    void noMainSourceOutsideTheAwsPackageImportsTheSdk() throws IOException {
        Path main = Path.of("src", "main", "java");
        Path aws = main.resolve("jp/jcstar/aws");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(aws))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("software.amazon.");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }
}
