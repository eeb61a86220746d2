package dev.deletionjobs.awsjson;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AwsJsonApiTest} against the packaged application on PostgreSQL: its migrations and mappings ship in it. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = "kind", value = "postgresql"))
class AwsJsonApiPostgresIT extends AwsJsonApiTest {
}
