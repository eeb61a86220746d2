package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.error.TooManyTagsException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.testing.TestSettings;

/** The create rules, against a store that records what reaches it: a request that breaks one never does. */
class CreateValidationTest {

    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");
    private static final String GROUP = "arn:aws:personalize:us-east-1:000000000000:dataset-group/g";
    private static final String ROLE = "arn:aws:iam::000000000000:role/R";

    private final List<DataDeletionJob> inserted = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    /** An empty queue, and an insert that records the job; any other call fails the test. */
    private final DataDeletionJobStore store = (DataDeletionJobStore) Proxy.newProxyInstance(
            DataDeletionJobStore.class.getClassLoader(), new Class<?>[] { DataDeletionJobStore.class },
            (proxy, method, arguments) -> {
                calls.add(method.getName());
                return switch (method.getName()) {
                    case "countWaiting" -> 0L;
                    case "insert" -> inserted.add((DataDeletionJob) arguments[0]);
                    default -> throw new AssertionError("create called the store's " + method.getName());
                };
            });
    private final DataDeletionJobService service = new DataDeletionJobService(store, null, Clock.systemUTC(),
            TestSettings.defaults());

    @AfterEach
    void aRefusedRequestNeverReachedTheStore(TestInfo test) {
        if (!test.getTestMethod().orElseThrow().getName().equals("unicodeLettersAndSpacesAreValidTagCharacters")) {
            // Not even the quota's count: a request is judged on its own before it costs a read.
            assertEquals(List.of(), calls);
        }
    }

    @Test
    void jobNameRules() {
        assertInvalid(request("a".repeat(64)), "Value '" + "a".repeat(64) + "' at 'jobName' failed to satisfy"
                + " constraint: Member must have length less than or equal to 63");
        assertInvalid(request("_x"), "Value '_x' at 'jobName' failed to satisfy constraint: Member must satisfy"
                + " regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*");
        assertInvalid(request("name with space"), "Value 'name with space' at 'jobName' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*");
    }

    @Test
    void dataLocationMustBeS3OrHttp() {
        for (String location : new String[] { "file:///etc/passwd", "s3://", "S3://bucket/key", "bucket/key" }) {
            NewDataDeletionJob request = new NewDataDeletionJob("j", GROUP,
                    new NewDataDeletionJob.DataSource(location), ROLE, null);
            assertThrows(InvalidInputException.class, () -> service.create(SCOPE, request), location);
        }
    }

    @Test
    void nullTagIsNamed() {
        NewDataDeletionJob request = new NewDataDeletionJob("j", GROUP, new NewDataDeletionJob.DataSource("s3://b/k"),
                ROLE, Collections.singletonList(null));
        assertInvalid(request, "Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void tagsUpToTwoHundredThenTooMany() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tags.add(new Tag("k" + i, "v"));
        }
        NewDataDeletionJob request = new NewDataDeletionJob("j", GROUP, new NewDataDeletionJob.DataSource("s3://b/k"),
                ROLE, tags);
        assertThrows(TooManyTagsException.class, () -> service.create(SCOPE, request));
    }

    @Test
    void aTagBombIsRefusedOnItsCountAloneBeforeAnyTagIsChecked() {
        // 100,000 missing tags would each be a violation: the count refuses them first, in one short message.
        NewDataDeletionJob request = new NewDataDeletionJob("j", GROUP, new NewDataDeletionJob.DataSource("s3://b/k"),
                ROLE, Collections.nCopies(100_000, null));
        assertEquals("A data deletion job can have at most 200 tags; the request has 100000.",
                assertThrows(TooManyTagsException.class, () -> service.create(SCOPE, request)).getMessage());
    }

    @Test
    void unicodeLettersAndSpacesAreValidTagCharacters() {
        List<Tag> tags = List.of(new Tag("équipe", "données clients"), new Tag("k", ""));
        NewDataDeletionJob request = new NewDataDeletionJob("j", GROUP, new NewDataDeletionJob.DataSource("s3://b/k"),
                ROLE, tags);
        DataDeletionJob created = service.create(SCOPE, request);
        assertEquals(List.of(created), inserted);
        assertEquals(tags, created.tags());
    }

    private void assertInvalid(NewDataDeletionJob request, String violation) {
        assertEquals("1 validation error detected: " + violation,
                assertThrows(InvalidInputException.class, () -> service.create(SCOPE, request)).getMessage());
    }

    private static NewDataDeletionJob request(String jobName) {
        return new NewDataDeletionJob(jobName, GROUP, new NewDataDeletionJob.DataSource("s3://b/k"), ROLE, null);
    }
}
