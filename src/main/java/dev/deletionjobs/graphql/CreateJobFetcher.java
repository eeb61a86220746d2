package dev.deletionjobs.graphql;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.deletionjobs.graphql.CreateDataDeletionJobInput.DataSourceInput;
import dev.deletionjobs.graphql.CreateDataDeletionJobInput.TagInput;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Operation;

/**
 * Resolves {@code Mutation.createDataDeletionJob} with {@link DataDeletionJobGraphQLApi#createDataDeletionJob}, on a
 * worker thread of the request's own ({@link RequestStoreCalls#onWorkerThread}), its input made here from the map the
 * engine coerced. SmallRye's fetcher made the {@link CreateDataDeletionJobInput} by writing that map as JSON and
 * reading it back through JSON-B, with a look-up of the record's class by name: 5.5 % of the CPU of a create. The
 * method's errors leave as it threw them, through the engine's exception handler (SmallRye's), as before; making the
 * record throws nothing for a value the engine has coerced.
 */
final class CreateJobFetcher {

    static final FieldCoordinates CREATE = FieldCoordinates.coordinates("Mutation", "createDataDeletionJob");

    /** The one argument of {@link DataDeletionJobGraphQLApi#createDataDeletionJob}. */
    static final String INPUT = "input";

    /** The members {@link #input} reads, by the input type they belong to: the schema must name them so. */
    private static final Map<String, Set<String>> MEMBERS = Map.of(
            "CreateDataDeletionJobInput", Set.of("jobName", "datasetGroupArn", "dataSource", "roleArn", "tags"),
            "DataSourceInput", Set.of("dataLocation"),
            "TagInput", Set.of("tagKey", "tagValue"));

    private CreateJobFetcher() {
    }

    /** {@code schema} with the mutation resolved as above; {@code create} is SmallRye's model of it. */
    static GraphQLSchema installedIn(GraphQLSchema schema, Operation create, DataDeletionJobGraphQLApi api) {
        List<String> names = create.getArguments().stream().map(Argument::getName).toList();
        if (!names.equals(List.of(INPUT))) {
            throw new IllegalStateException(CREATE + " takes " + names + ", not [" + INPUT + "]");
        }
        // A member renamed in the schema (@Name) would otherwise reach the job as null.
        MEMBERS.forEach((type, members) -> {
            Set<String> inSchema = ((GraphQLInputObjectType) schema.getType(type)).getFieldDefinitions().stream()
                    .map(GraphQLInputObjectField::getName).collect(Collectors.toSet());
            if (!inSchema.equals(members)) {
                throw new IllegalStateException(type + " has " + inSchema + ", not " + members);
            }
        });
        DataFetcher<Object> fetcher = environment -> {
            CreateDataDeletionJobInput input = input(environment.getArgument(INPUT));
            return RequestStoreCalls.onWorkerThread(environment, () -> api.createDataDeletionJob(input));
        };
        GraphQLCodeRegistry direct = schema.getCodeRegistry().transform(builder -> builder.dataFetcher(CREATE, fetcher));
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(direct));
    }

    /**
     * The input as the engine coerced it: a map of its members, the non-null ones present (the schema says which),
     * {@code tags} absent, null or a list of maps (a single tag written for the list is a list of one by then).
     */
    private static CreateDataDeletionJobInput input(Object argument) {
        Map<?, ?> input = (Map<?, ?>) argument;
        Map<?, ?> dataSource = (Map<?, ?>) input.get("dataSource");
        List<?> tags = (List<?>) input.get("tags");
        return new CreateDataDeletionJobInput((String) input.get("jobName"), (String) input.get("datasetGroupArn"),
                new DataSourceInput((String) dataSource.get("dataLocation")), (String) input.get("roleArn"),
                tags == null ? null : tags.stream().map(CreateJobFetcher::tag).toList());
    }

    /**
     * A tag, or null: the engine lets a null item through where the list is written in the document and the item is a
     * variable with a default ({@code tags: [$tag]}, {@code $tag} sent as null). The service refuses it, as it refuses
     * a null tag from AWS's interface.
     */
    private static TagInput tag(Object argument) {
        if (argument == null) {
            return null;
        }
        Map<?, ?> tag = (Map<?, ?>) argument;
        return new TagInput((String) tag.get("tagKey"), (String) tag.get("tagValue"));
    }
}
