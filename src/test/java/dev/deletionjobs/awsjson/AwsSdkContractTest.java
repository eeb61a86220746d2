package dev.deletionjobs.awsjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.PersonalizeClients;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.CreateDataDeletionJobResponse;
import software.amazon.awssdk.services.personalize.model.DataDeletionJob;
import software.amazon.awssdk.services.personalize.model.DataDeletionJobSummary;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.InvalidNextTokenException;
import software.amazon.awssdk.services.personalize.model.ListDataDeletionJobsResponse;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalize.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;
import software.amazon.awssdk.services.personalize.model.TooManyTagsException;

/** The real AWS SDK for Java v2, unmodified, pointed at the service: the contract as an SDK user meets it. */
@QuarkusTest
class AwsSdkContractTest {

    @TestHTTPResource("/")
    URI endpoint;

    private PersonalizeClient personalize;

    @BeforeEach
    void connect() {
        personalize = PersonalizeClients.unauthenticated(endpoint);
    }

    @AfterEach
    void close() {
        personalize.close();
    }

    @Test
    void createDescribeAndListThroughTheSdk() {
        String group = "arn:aws:personalize:us-east-1:000000000000:dataset-group/sdk-" + UUID.randomUUID();
        String name = "sdk-" + UUID.randomUUID();
        Instant before = Instant.now().minusMillis(1);

        CreateDataDeletionJobResponse created = personalize.createDataDeletionJob(request -> request
                .jobName(name)
                .datasetGroupArn(group)
                .dataSource(source -> source.dataLocation("s3://bucket/folder/"))
                .roleArn("arn:aws:iam::000000000000:role/PersonalizeDeletion")
                .tags(tag -> tag.tagKey("owner").tagValue("sdk-test")));
        assertEquals("arn:aws:personalize:us-east-1:000000000000:data-deletion-job/" + name,
                created.dataDeletionJobArn());
        assertNotNull(created.responseMetadata().requestId());

        DataDeletionJob job = personalize.describeDataDeletionJob(
                request -> request.dataDeletionJobArn(created.dataDeletionJobArn())).dataDeletionJob();
        assertEquals(name, job.jobName());
        assertEquals(group, job.datasetGroupArn());
        assertEquals("s3://bucket/folder/", job.dataSource().dataLocation());
        assertEquals("arn:aws:iam::000000000000:role/PersonalizeDeletion", job.roleArn());
        assertEquals("PENDING", job.status());
        assertNull(job.numDeleted());
        assertTrue(!job.creationDateTime().isBefore(before) && !job.creationDateTime().isAfter(Instant.now()));
        assertEquals(job.creationDateTime(), job.lastUpdatedDateTime());

        DataDeletionJobSummary summary = personalize.listDataDeletionJobs(request -> request.datasetGroupArn(group))
                .dataDeletionJobs().get(0);
        assertEquals(job.dataDeletionJobArn(), summary.dataDeletionJobArn());
        assertEquals(job.creationDateTime(), summary.creationDateTime());
        assertEquals("PENDING", summary.status());
    }

    @Test
    void aNextTokenLoopVisitsEveryJobOnce() {
        String group = "arn:aws:personalize:us-east-1:000000000000:dataset-group/sdk-" + UUID.randomUUID();
        List<String> createdNewestFirst = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String name = "sdk-page-" + i + "-" + UUID.randomUUID();
            createdNewestFirst.add(0, personalize.createDataDeletionJob(request -> request
                    .jobName(name).datasetGroupArn(group)
                    .dataSource(source -> source.dataLocation("https://example.com/" + name + ".csv"))
                    .roleArn("arn:aws:iam::000000000000:role/R")).dataDeletionJobArn());
        }

        List<DataDeletionJobSummary> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            ListDataDeletionJobsResponse page = personalize.listDataDeletionJobs(request -> request
                    .datasetGroupArn(group).maxResults(5).nextToken(current));
            listed.addAll(page.dataDeletionJobs());
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertEquals(5, pages);
        assertEquals(23, listed.size());
        // Newest first; creation times can tie within a millisecond, where the ARN decides.
        for (int i = 1; i < listed.size(); i++) {
            DataDeletionJobSummary newer = listed.get(i - 1);
            DataDeletionJobSummary older = listed.get(i);
            assertTrue(newer.creationDateTime().isAfter(older.creationDateTime())
                    || (newer.creationDateTime().equals(older.creationDateTime())
                            && newer.dataDeletionJobArn().compareTo(older.dataDeletionJobArn()) > 0));
        }
        assertEquals(new HashSet<>(createdNewestFirst),
                new HashSet<>(listed.stream().map(DataDeletionJobSummary::dataDeletionJobArn).toList()));
    }

    @Test
    void errorsArriveAsTheirTypedExceptions() {
        InvalidInputException invalid = assertThrows(InvalidInputException.class,
                () -> personalize.listDataDeletionJobs(request -> request.maxResults(500)));
        assertEquals(400, invalid.statusCode());
        assertEquals("InvalidInputException", invalid.awsErrorDetails().errorCode());
        assertTrue(invalid.awsErrorDetails().errorMessage().contains("'maxResults'"));
        assertNotNull(invalid.requestId());

        assertThrows(InvalidNextTokenException.class,
                () -> personalize.listDataDeletionJobs(request -> request.nextToken("forged")));

        assertThrows(ResourceNotFoundException.class, () -> personalize.describeDataDeletionJob(request -> request
                .dataDeletionJobArn("arn:aws:personalize:us-east-1:000000000000:data-deletion-job/none-"
                        + UUID.randomUUID())));

        String name = "sdk-dup-" + UUID.randomUUID();
        for (int attempt = 0; attempt < 2; attempt++) {
            Runnable create = () -> personalize.createDataDeletionJob(request -> request
                    .jobName(name)
                    .datasetGroupArn("arn:aws:personalize:us-east-1:000000000000:dataset-group/g")
                    .dataSource(source -> source.dataLocation("s3://b/k.csv"))
                    .roleArn("arn:aws:iam::000000000000:role/R"));
            if (attempt == 0) {
                create.run();
            } else {
                assertThrows(ResourceAlreadyExistsException.class, create::run);
            }
        }

        List<software.amazon.awssdk.services.personalize.model.Tag> tags = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            String key = "k" + i;
            tags.add(software.amazon.awssdk.services.personalize.model.Tag.builder().tagKey(key).tagValue("v").build());
        }
        assertThrows(TooManyTagsException.class, () -> personalize.createDataDeletionJob(request -> request
                .jobName("sdk-tags-" + UUID.randomUUID())
                .datasetGroupArn("arn:aws:personalize:us-east-1:000000000000:dataset-group/g")
                .dataSource(source -> source.dataLocation("s3://b/k.csv"))
                .roleArn("arn:aws:iam::000000000000:role/R")
                .tags(tags)));

        PersonalizeException missing = assertThrows(InvalidInputException.class,
                () -> personalize.createDataDeletionJob(request -> request.jobName("only-a-name")));
        assertTrue(missing.getMessage().contains("'datasetGroupArn'"), missing.getMessage());
    }
}
