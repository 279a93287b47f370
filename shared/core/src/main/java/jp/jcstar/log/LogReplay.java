package jp.jcstar.log;

import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.jcstar.status.LabelState;
import jp.jcstar.status.RevocationReason;

/**
 * The labels a log's entries add up to, the auditor's rebuild (docs/transparency-log.md, "Verifying", step
 * 4; {@code jcstar audit}): an issuance creates a label in state {@code valid}; a status change must name a
 * label the log issued before, with that issuance's JWS hash, and start from the state the log has it in.
 * Anything else refuses the whole log ({@link LogVerificationException}). Labels in order of issuance.
 */
public final class LogReplay {
    /** A label as the log leaves it. */
    public static final class Label {
        private final String id;
        private final long firstIndex;
        private final byte[] jwsSha256;
        private LabelState state = LabelState.VALID;
        private RevocationReason reason;

        Label(String id, long firstIndex, byte[] jwsSha256) {
            this.id = id;
            this.firstIndex = firstIndex;
            this.jwsSha256 = jwsSha256.clone();
        }

        public String id() {
            return id;
        }

        /** The index of its issuance. */
        public long firstIndex() {
            return firstIndex;
        }

        public byte[] jwsSha256() {
            return jwsSha256.clone();
        }

        public LabelState state() {
            return state;
        }

        /** The reason of its last logged change, {@code null} when it had none. */
        public RevocationReason reason() {
            return reason;
        }
    }

    private LogReplay() {}

    /** Replays {@code entries} (index 0 first); the labels by id, in order of issuance. */
    public static Map<String, Label> replay(List<byte[]> entries) {
        Map<String, Label> labels = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            LogEntry e;
            try {
                e = LogEntry.decode(entries.get(i));
            } catch (IllegalArgumentException x) {
                throw new LogVerificationException("entry " + i + " cannot be read: " + x.getMessage());
            }
            Label r = labels.get(e.labelId());
            if (e.kind() == LogEntry.Kind.ISSUANCE) {
                if (r != null)
                    throw new LogVerificationException("entry " + i + " issues " + e.labelId()
                            + " again (first issued at entry " + r.firstIndex + ")");
                labels.put(e.labelId(), new Label(e.labelId(), i, e.jwsSha256()));
                continue;
            }
            if (r == null)
                throw new LogVerificationException(
                        "entry " + i + " changes " + e.labelId() + ", which the log never issued");
            if (r.state != e.from()) {
                throw new LogVerificationException("entry " + i + " changes " + e.labelId() + " from "
                        + e.from().code() + ", but the log has it " + r.state.code());
            }
            if (!MessageDigest.isEqual(r.jwsSha256, e.jwsSha256())) {
                throw new LogVerificationException(
                        "entry " + i + " names another label (JWS hash) for " + e.labelId() + " than its issuance");
            }
            r.state = e.to();
            r.reason = e.reason();
        }
        return Collections.unmodifiableMap(labels);
    }
}
