package dev.deletionjobs.pagination;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.ListPosition;

/**
 * One page of a listing, in the listing's order, with what lies on either side of it. The side the page was fetched towards
 * is known from the fetch itself; the other side costs one more query, so it is only asked of the store when a
 * caller reads it (GraphQL's {@code pageInfo} does, the AWS interface never does). Cursors are signed on demand too.
 */
public final class JobPage {

    private final List<DataDeletionJob> jobs;
    private final Probe hasFollowing;
    private final Probe hasPreceding;
    private final Function<ListPosition, String> cursorIssuer;

    public JobPage(List<DataDeletionJob> jobs, BooleanSupplier hasFollowing, BooleanSupplier hasPreceding,
            Function<ListPosition, String> cursorIssuer) {
        this.jobs = List.copyOf(jobs);
        this.hasFollowing = new Probe(hasFollowing);
        this.hasPreceding = new Probe(hasPreceding);
        this.cursorIssuer = cursorIssuer;
    }

    /** The jobs of the page, in the listing's order. */
    public List<DataDeletionJob> jobs() {
        return jobs;
    }

    /** Whether jobs follow the last one of this page in the listing's order (older ones, newest first). */
    public boolean hasNext() {
        return hasFollowing.get();
    }

    /** Whether jobs precede the first one of this page in the listing's order (newer ones, newest first). */
    public boolean hasPrevious() {
        return hasPreceding.get();
    }

    /** Whether {@link #hasNext()} is answered without asking the store. */
    public boolean knowsNext() {
        return hasFollowing.known();
    }

    /** Whether {@link #hasPrevious()} is answered without asking the store. */
    public boolean knowsPrevious() {
        return hasPreceding.known();
    }

    /** An answer known when the page was fetched, which costs no question to the store. */
    public static BooleanSupplier known(boolean answer) {
        return new Known(answer);
    }

    private record Known(boolean answer) implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            return answer;
        }
    }

    /** The signed cursor that stands for {@code job}'s position in this listing. */
    public String cursorOf(DataDeletionJob job) {
        return cursorIssuer.apply(job.position());
    }

    /** Asks its question once, on first use. */
    private static final class Probe {
        private BooleanSupplier question;
        private boolean answer;

        Probe(BooleanSupplier question) {
            this.question = question;
            if (question instanceof Known known) {
                this.answer = known.answer();
                this.question = null;
            }
        }

        /** Whether the answer is in hand: known from the start, or asked already. */
        boolean known() {
            return question == null;
        }

        boolean get() {
            if (question != null) {
                answer = question.getAsBoolean();
                question = null;
            }
            return answer;
        }
    }
}
