package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link BothInterfacesTest} against the packaged application. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true)
class BothInterfacesIT extends BothInterfacesTest {
}
