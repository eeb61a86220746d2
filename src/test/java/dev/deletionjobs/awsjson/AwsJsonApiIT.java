package dev.deletionjobs.awsjson;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AwsJsonApiTest} against the packaged application. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true)
class AwsJsonApiIT extends AwsJsonApiTest {
}
