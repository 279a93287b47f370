package jp.jcstar.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.StatusChange;

/**
 * Port: where labels are kept. Implemented by DynamoDB ({@code jp.jcstar.aws}) and by an embedded
 * database ({@code jp.jcstar.embedded}); both pass the same contract test suite
 * ({@code LabelStoreContract}). Implementations are thread-safe.
 */
public interface LabelStore {

    /**
     * Stores a new label atomically with its two uniqueness claims: the application id (issuance is
     * idempotent on it) and the status-list slot. Never overwrites anything.
     */
    InsertResult insert(LabelRecord record);

    Optional<LabelRecord> get(String labelId);

    Optional<LabelRecord> findByApplication(String applicationId);

    /**
     * Labels matching {@code query}, at most {@code limit} (1..1000) per page, each exactly once
     * across pages when the store is not modified meanwhile. {@code cursor} is null for the first page.
     * A cursor this store did not produce is rejected with {@link IllegalArgumentException}.
     */
    Page<LabelRecord> search(LabelQuery query, String cursor, int limit);

    /**
     * Replaces the stored status of {@code updated.id()} if the stored version is still
     * {@code updated.version() - 1}, and appends {@code change} to its audit history, in one atomic step.
     *
     * @throws ConcurrentUpdateException if someone else changed the label first, or it does not exist
     */
    void updateStatus(LabelRecord updated, StatusChange change);

    /**
     * The entries of status list {@code list} that are not {@link LabelState#VALID}: status index →
     * stored state, for every label of that list whose stored state is anything else. The store keeps
     * this in the same atomic step as {@link #insert} and {@link #updateStatus}, and reads it
     * consistently, so it reflects every change that returned before the call — the signed status list
     * is built from it, at a cost that grows with the number of such entries, not with the number of labels.
     */
    Map<Integer, LabelState> listEntries(int list);

    /** The label's audit history, oldest first. */
    List<StatusChange> history(String labelId);

    /**
     * Recomputes the stored search keys of labels written under an older normalisation
     * ({@link jp.jcstar.label.Text#SEARCH_KEY_VERSION}), so searches by the current rules find them;
     * returns how many labels were rewritten. Idempotent; after a complete run a call costs one read.
     */
    int migrateSearchKeys();

    /**
     * Ids of the labels one of whose model designations has the confusable skeleton {@code skeleton}
     * ({@link jp.jcstar.label.Confusables#skeletons}), which {@link #insert} stores with each label: an
     * indexed lookup, for issuance to refuse look-alike designations. May lag an insert that has not
     * returned yet (DynamoDB: an eventually consistent index).
     */
    List<String> labelIdsWithModelSkeleton(String skeleton);

    /**
     * The change feed: every status change ({@link #updateStatus}) of every label, in the order the store
     * committed them, at most {@code limit} (1..1000) after position {@code after} (null: from the first).
     * Paging by the last entry's position visits each change exactly once, with no gap, however many
     * changes are written meanwhile: a change never appears before a position already handed out.
     * {@link Page#next} is the last entry's position when more entries may follow, else null.
     * A position this store did not produce is rejected with {@link IllegalArgumentException}.
     * (DynamoDB: a change is listed once it is {@code DynamoLabelStore#CHANGE_SETTLE} old, docs/storage.md.)
     */
    Page<ChangeEntry> changes(String after, int limit);

    /**
     * The newest {@code limit} (1..1000) changes of the feed, newest first: for the published Atom feed.
     * A snapshot, not a cursor: DynamoDB lists what its index shows, settled or not.
     */
    List<ChangeEntry> latestChanges(int limit);

    /** Outcome of {@link #insert}. */
    sealed interface InsertResult {
        record Inserted() implements InsertResult {}

        /** The application was issued before: here is that label; nothing was written. */
        record DuplicateApplication(LabelRecord existing) implements InsertResult {}

        /** The label id or the status slot is taken: pick another and try again; nothing was written. */
        record Collision(String what) implements InsertResult {}
    }

    /** Thrown by {@link #updateStatus} when the expected version is not the stored one. */
    final class ConcurrentUpdateException extends RuntimeException {
        public ConcurrentUpdateException(String labelId) {
            super("label " + labelId + " was changed concurrently or does not exist");
        }
    }
}
