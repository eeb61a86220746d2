package dev.deletionjobs.awsjson;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AwsJsonValidationTest} against the packaged application. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true)
class AwsJsonValidationIT extends AwsJsonValidationTest {
}
