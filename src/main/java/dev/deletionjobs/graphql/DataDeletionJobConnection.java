package dev.deletionjobs.graphql;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.pagination.JobPage;

/**
 * A Relay connection over one page of jobs. What costs more than the page itself is made only when a query selects
 * it, and once however many aliases do: {@code totalCount} (a store call), and the cursors, each an HMAC (a page of 100
 * read through {@code nodes} signed 100 cursors nobody asked for, a fifteenth of its CPU). The edges sign one for each
 * job; {@code startCursor} and {@code endCursor} take their edge's, or sign their own job's alone.
 */
@Type("DataDeletionJobConnection")
@Description("One page of data deletion jobs, in the order asked for, with cursors to page from it in both directions.")
public class DataDeletionJobConnection {

    private final JobPage page;
    private final List<DataDeletionJobNode> nodes;
    private final PageInfo pageInfo;
    private final AccountScope scope;
    private final JobFilter filter;
    private final ResolvedOnce<List<DataDeletionJobEdge>> signedEdges = new ResolvedOnce<>();
    private final ResolvedOnce<Long> count = new ResolvedOnce<>();

    DataDeletionJobConnection(JobPage page, AccountScope scope, JobFilter filter) {
        this.page = page;
        this.nodes = page.jobs().stream().map(NodeMapper::toNode).toList();
        this.pageInfo = new PageInfo(page, this::cursorAt);
        this.scope = scope;
        this.filter = filter;
    }

    @NonNull
    @Description("The jobs of this page with their cursors, in the connection's order.")
    public List<@NonNull DataDeletionJobEdge> getEdges() {
        // Once per connection, however many aliases select the edges: each cursor is an HMAC.
        return signedEdges.get(() -> IntStream.range(0, nodes.size())
                .mapToObj(index -> new DataDeletionJobEdge(signedCursor(index), nodes.get(index))).toList());
    }

    @NonNull
    @Description("The jobs of this page, in the connection's order: the nodes of the edges, for queries that need no cursors.")
    public List<@NonNull DataDeletionJobNode> getNodes() {
        return nodes;
    }

    @NonNull
    @Description("Whether more jobs lie on either side of this page, and the cursors of its ends.")
    public PageInfo getPageInfo() {
        return pageInfo;
    }

    /** The cursor of the page's job at {@code index}: its edge's, once the edges are signed, else signed alone. */
    private String cursorAt(int index) {
        List<DataDeletionJobEdge> edges = signedEdges.answerIfResolved();
        return edges != null ? edges.get(index).cursor() : signedCursor(index);
    }

    /** The cursor of the page's job at {@code index}, signed now. */
    private String signedCursor(int index) {
        return page.cursorOf(page.jobs().get(index));
    }

    @Ignore
    AccountScope scope() {
        return scope;
    }

    @Ignore
    JobFilter filter() {
        return filter;
    }

    /** Counts once per connection, however many aliases select totalCount. */
    @Ignore
    long count(Supplier<Long> counter) {
        return count.get(counter);
    }

    /** An edge: one job and the cursor that stands for its place in the listing. */
    @Type("DataDeletionJobEdge")
    @Description("A job and the cursor of its place in the listing.")
    public record DataDeletionJobEdge(
            @NonNull @Description("Pass as after or before to page from this job.") String cursor,
            @NonNull @Description("The job.") DataDeletionJobNode node) {
    }

    /**
     * Relay's page information. {@code hasNextPage} and {@code hasPreviousPage} are resolved only when a query selects
     * them: from the page, when it knows ({@link ConnectionFetchers}), else by the API class with one more query (the
     * side a page was not fetched towards), on a worker thread and with the service's error codes, as every store call
     * is.
     */
    @Type("PageInfo")
    @Description("Where a page lies in its listing.")
    public static final class PageInfo {

        private final JobPage page;
        private final IntFunction<String> cursorAt;
        private final ResolvedOnce<Boolean> hasNext = new ResolvedOnce<>();
        private final ResolvedOnce<Boolean> hasPrevious = new ResolvedOnce<>();
        private final ResolvedOnce<String> signedStart = new ResolvedOnce<>();
        private final ResolvedOnce<String> signedEnd = new ResolvedOnce<>();

        private PageInfo(JobPage page, IntFunction<String> cursorAt) {
            this.page = page;
            this.cursorAt = cursorAt;
        }

        @Ignore
        JobPage page() {
            return page;
        }

        /** Whether jobs follow, resolved once however many aliases select it. */
        @Ignore
        boolean hasNext(Supplier<Boolean> resolver) {
            return hasNext.get(resolver);
        }

        /** Whether jobs precede, resolved once however many aliases select it. */
        @Ignore
        boolean hasPrevious(Supplier<Boolean> resolver) {
            return hasPrevious.get(resolver);
        }

        @Description("The cursor of the first edge; null on an empty page.")
        public String getStartCursor() {
            int size = page.jobs().size();
            return size == 0 ? null : signedStart.get(() -> cursorAt.apply(0));
        }

        @Description("The cursor of the last edge; null on an empty page.")
        public String getEndCursor() {
            int size = page.jobs().size();
            return size == 0 ? null : signedEnd.get(() -> cursorAt.apply(size - 1));
        }
    }
}
