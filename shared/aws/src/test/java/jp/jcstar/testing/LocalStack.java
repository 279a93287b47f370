package jp.jcstar.testing;

import jp.jcstar.aws.AwsClients;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack for the {@code *LocalStackTest} variants (run only where Docker is available). */
public final class LocalStack {
    private LocalStack() {}

    /** Pinned so a LocalStack release cannot change test results unannounced. */
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.9");

    public static LocalStackContainer container() {
        return new LocalStackContainer(IMAGE).withServices("dynamodb", "s3", "kms");
    }

    /** Clients for a started container, with its own dummy credentials and region. */
    public static AwsClients clients(LocalStackContainer c) {
        return Moto.forEndpoint(c.getEndpoint(), c.getRegion(), c.getAccessKey(), c.getSecretKey());
    }
}
