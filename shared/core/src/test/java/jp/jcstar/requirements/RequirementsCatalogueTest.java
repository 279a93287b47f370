package jp.jcstar.requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.jcstar.json.Json;
import org.junit.jupiter.api.Test;

class RequirementsCatalogueTest {
    private final RequirementsCatalogue catalogue = RequirementsCatalogue.get();

    /** The seed document, shipped beside the catalogue as seed.txt (a byte copy of seed/000_9fad4799fca82e9d.txt). */
    private static String seed() throws IOException {
        try (InputStream in = RequirementsCatalogue.class.getResourceAsStream("/jp/jcstar/requirements/seed.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ");
    }

    /*
     * ☆1 count, counted by hand, independently of the parser: `grep -o '✓' seed.txt | wc -l` gives 25
     * (the header "☆1 Security Requirement" has a star, not a check mark), and reading the table row by
     * row the ✓ rows are
     *   1-1 1-2 1-3 1-4 1-5 | 2-1 | 3-1 3-2 3-3 3-7 3-8 3-10 3-14 | 4-1 | 5-1 5-5 5-7 | 6-1 | 9-1 | 11-1 |
     *   17-2 17-3 17-5 17-8 17-10
     * = 5 + 1 + 7 + 1 + 3 + 1 + 1 + 1 + 5 = 25.
     */
    static final int STAR_ONE_COUNT = 25;
    static final List<String> STAR_ONE_IDS = List.of(
            "1-1", "1-2", "1-3", "1-4", "1-5", "2-1", "3-1", "3-2", "3-3", "3-7", "3-8", "3-10", "3-14", "4-1", "5-1",
            "5-5", "5-7", "6-1", "9-1", "11-1", "17-2", "17-3", "17-5", "17-8", "17-10");

    /*
     * Rows per category, counted in the seed by the highest requirement number of each category
     * (each runs 1..n without gaps once "5-3." in category 3 is read as 3-5):
     * 1:5 2:5 3:15 4:4 5:10 6:10 7:2 8:3 9:4 10:2 11:4 12:5 13:1 14:5 15:2 16:3 17:11 18:10 = 101.
     */
    static final int TOTAL_COUNT = 101;
    static final int[] ROWS_PER_CATEGORY = {5, 5, 15, 4, 10, 10, 2, 3, 4, 2, 4, 5, 1, 5, 2, 3, 11, 10};

    @Test
    void starOneSetIsExactlyThe25CheckMarkedRowsOfTheSeed() throws IOException {
        assertEquals(STAR_ONE_COUNT, seed().chars().filter(c -> c == '✓').count(), "check marks in the seed copy");
        assertEquals(STAR_ONE_COUNT, catalogue.starOne().size());
        assertEquals(
                STAR_ONE_IDS, catalogue.starOne().stream().map(Requirement::id).toList());
    }

    @Test
    void catalogueHas101RequirementsIn18CategoriesNumberedWithoutGaps() {
        assertEquals(TOTAL_COUNT, catalogue.all().size());
        assertEquals(18, catalogue.categories().size());
        for (int c = 1; c <= 18; c++) {
            assertEquals(c, catalogue.categories().get(c - 1).number());
            int n = c;
            List<String> ids = catalogue.all().stream()
                    .filter(r -> r.category().number() == n)
                    .map(Requirement::id)
                    .toList();
            assertEquals(ROWS_PER_CATEGORY[c - 1], ids.size(), "rows in category " + c);
            for (int m = 1; m <= ids.size(); m++) assertEquals(c + "-" + m, ids.get(m - 1));
        }
    }

    @Test
    void categoryNamesAreTheSeedsAndEachHasAJapaneseName() throws IOException {
        String seed = seed();
        for (RequirementCategory c : catalogue.categories()) {
            assertTrue(seed.contains(c.number() + ". " + c.name() + " |"), "category in seed: " + c);
            assertFalse(c.nameJa().isBlank());
        }
        assertEquals(
                "No universal default passwords", catalogue.categories().get(0).name());
        assertEquals("Documentation", catalogue.categories().get(17).name());
    }

    @Test
    void idsAreUniqueWellFormedAndMatchTheirCategory() {
        Set<String> seen = new HashSet<>();
        Pattern id = Pattern.compile("([1-9]\\d?)-([1-9]\\d?)");
        for (Requirement r : catalogue.all()) {
            assertTrue(seen.add(r.id()), "duplicate " + r.id());
            var m = id.matcher(r.id());
            assertTrue(m.matches(), r.id());
            assertEquals(r.category().number(), Integer.parseInt(m.group(1)), r.id());
            assertEquals(r, catalogue.byId(r.id()).orElseThrow());
        }
        assertTrue(catalogue.byId("19-1").isEmpty());
        assertTrue(catalogue.byId(null).isEmpty());
    }

    @Test
    void everyRequirementTextAndReferenceCellIsVerbatimFromTheSeedUnlessCorrected() throws IOException {
        String seed = collapse(seed());
        Set<String> textFixed = new HashSet<>();
        for (Correction c : catalogue.corrections()) if (c.field().equals("text")) textFixed.add(c.requirement());
        for (Requirement r : catalogue.all()) {
            if (!textFixed.contains(r.id())) assertTrue(seed.contains(r.text()), "text of " + r.id());
            for (String cell : r.sourceReferences().split(" \\| "))
                assertTrue(seed.contains(cell), r.id() + " cell " + cell);
            assertFalse(r.references().isEmpty(), r.id() + " cites nothing");
        }
    }

    @Test
    void referencesUseOnlyTheSchemeKeysTheSeedCites() {
        List<String> keys = catalogue.schemes().stream().map(Scheme::key).toList();
        assertEquals(
                List.of(
                        "etsi-en-303-645",
                        "uk-psti",
                        "nistir-8425",
                        "eu-cra",
                        "sg-cls",
                        "iec-62443-4-1",
                        "iec-62443-4-2",
                        "mic-ordinance",
                        "ccds",
                        "bmsec",
                        "rbss",
                        "jisec-c0755"),
                keys);
        Set<String> used = new HashSet<>();
        for (Requirement r : catalogue.all()) {
            assertTrue(keys.containsAll(r.references().keySet()), r.id());
            used.addAll(r.references().keySet());
            r.references().values().forEach(v -> assertFalse(v.isEmpty(), r.id()));
        }
        assertEquals(Set.copyOf(keys), used, "every scheme is cited somewhere");
    }

    // ---- sample rows, checked field by field against the seed

    @Test
    void row1_1MatchesTheSeed() {
        // seed: "✓ | [ETSI EN 303 645]5.1-1 M C (1) [UK: PSTI Act]SCHEDULE 1: 1-(2) [US: NISTIR 8425]Interface Access
        // Control 1-b [Singapore: CLS][*]5.1-1 [IEC 62443-4-2]CR15, CR1.7 | [MIC: ...]Article 34-10 (2) [CCDS
        // Certification]1-1 Access Control and Authentication [Mandatory] 2), 1-1-2 Change of credentials [Mandatory]
        // 2)
        // [BMSec]IA-2 b)-2), e)-2) 22) [JISEC-C0755]FMT IPWD EXT"
        Requirement r = catalogue.byId("1-1").orElseThrow();
        assertEquals(1, r.category().number());
        assertEquals(
                "Where passwords are used and in any state other than the factory default, all passwords shall be "
                        + "unique per device or defined by the user.",
                r.text());
        assertTrue(r.starOne());
        assertEquals(
                refs(
                        "etsi-en-303-645", List.of("5.1-1"),
                        "uk-psti", List.of("Schedule 1 1(2)"),
                        "nistir-8425", List.of("Interface Access Control 1-b"),
                        "sg-cls", List.of("5.1-1"),
                        "iec-62443-4-2", List.of("CR1.5", "CR1.7"),
                        "mic-ordinance", List.of("Article 34-10 (2)"),
                        "ccds",
                                List.of(
                                        "1-1 Access Control and Authentication [Mandatory] 2)",
                                        "1-1-2 Change of credentials [Mandatory] 2)"),
                        "bmsec", List.of("IA-2 b)-2)", "IA-2 e)-2)"),
                        "jisec-c0755", List.of("FMT_IPWD_EXT")),
                r.references());
    }

    @Test
    void row2_1MatchesTheSeed() {
        Requirement r = catalogue.byId("2-1").orElseThrow();
        assertEquals("Managing vulnerability reports", r.category().name());
        assertTrue(r.text()
                .startsWith("The manufacturer shall make a vulnerability disclosure policy publicly available."));
        assertTrue(r.text().endsWith("2) status updates until the resolution of the reported issues."));
        assertTrue(r.starOne());
        assertEquals(
                refs(
                        "etsi-en-303-645", List.of("5.2-1"),
                        "uk-psti", List.of("Schedule 1 2(2)", "Schedule 1 2(3)"),
                        "nistir-8425",
                                List.of(
                                        "Information & Query Reception 1",
                                        "Information & Query Reception 1-a",
                                        "Information & Query Reception 1-b",
                                        "Product Education & Awareness"),
                        "eu-cra", List.of("ANNEX I 2.(5)", "ANNEX I 2.(6)", "ANNEX II 1", "ANNEX II 2"),
                        "sg-cls", List.of("5.2-1"),
                        "iec-62443-4-1", List.of("DM-1"),
                        "ccds", List.of("2-1 Contact point and security support system [Mandatory] 1)"),
                        "bmsec", List.of("FR-1")),
                r.references());
    }

    @Test
    void row3_5IsTheSeedsMisnumbered5_3Row() {
        Requirement r = catalogue.byId("3-5").orElseThrow();
        assertEquals(3, r.category().number());
        assertEquals(
                "The product shall check after initialization, and then periodically, whether security updates are available.",
                r.text());
        assertFalse(r.starOne());
        assertEquals(
                refs(
                        "etsi-en-303-645", List.of("5.3-5"),
                        "nistir-8425", List.of("Information Dissemination 1-a"),
                        "eu-cra", List.of("ANNEX I 1.(3)(k)"),
                        "bmsec", List.of("PT-1 b)-4)", "PT-1 e)-1)"),
                        "jisec-c0755", List.of("FMT_SMF")),
                r.references());
        // and the real 5-3 is still the cryptography row of category 5
        assertEquals(
                "Cryptographic algorithms and primitives shall be updateable.",
                catalogue.byId("5-3").orElseThrow().text());
    }

    @Test
    void row5_5MatchesTheSeed() {
        Requirement r = catalogue.byId("5-5").orElseThrow();
        assertTrue(r.starOne());
        assertTrue(
                r.text()
                        .startsWith(
                                "Product functionality that allows security-relevant changes in configuration via a network interface"));
        assertEquals(
                refs(
                        "etsi-en-303-645", List.of("5.5-5"),
                        "eu-cra", List.of("ANNEX I 1.(3)(b)"),
                        "sg-cls", List.of("5.5-5"),
                        "iec-62443-4-2", List.of("CR1.6", "NDR1.6", "CR2.12", "CR6.1"),
                        "ccds",
                                List.of(
                                        "1-1 Access Control and Authentication [Mandatory] 4)",
                                        "1-1-1 Disabling of TCP/UDP ports [Recommended] 2)",
                                        "1-3 Software Update [Recommended] 3)"),
                        "bmsec", List.of("IA-1", "MT-1"),
                        "rbss",
                                List.of(
                                        "Security Camera 5.2.12 (2)-4",
                                        "Digital Recorder (Security Uses) 5.2.12 (2)-4"),
                        "jisec-c0755", List.of("FIA_UID")),
                r.references());
    }

    @Test
    void row10_2MatchesTheSeed() {
        Requirement r = catalogue.byId("10-2").orElseThrow();
        assertEquals("Examine and protect system telemetry data", r.category().name());
        assertEquals(
                "Telemetry data shall be protected by mechanisms such as data encryption and access control.",
                r.text());
        assertFalse(r.starOne());
        assertEquals(refs("iec-62443-4-2", List.of("CR3.9"), "jisec-c0755", List.of("FAU_STG")), r.references());
    }

    @Test
    void row17_8MatchesTheSeed() {
        Requirement r = catalogue.byId("17-8").orElseThrow();
        assertEquals(
                "The manufacturer shall publish, in an accessible way that is clear and transparent to the user, the defined support period.",
                r.text());
        assertTrue(r.starOne());
        assertEquals(
                refs(
                        "etsi-en-303-645", List.of("5.3-13"),
                        "uk-psti", List.of("Schedule 1 3(2)", "Schedule 1 3(3)", "Schedule 1 3(4)"),
                        "nistir-8425",
                                List.of(
                                        "Product Education & Awareness 1-d",
                                        "Product Education & Awareness 1-e",
                                        "Information Dissemination 1-b"),
                        "eu-cra", List.of("ANNEX II 6", "ANNEX II 7", "ANNEX II 8"),
                        "sg-cls", List.of("5.3-13"),
                        "iec-62443-4-1", List.of("SG-3"),
                        "ccds", List.of("2-3 Provision of information to users [Mandatory] 4)"),
                        "jisec-c0755", List.of("FPT_SMT")),
                r.references());
    }

    @Test
    void row18_10MatchesTheSeed() {
        Requirement r = catalogue.byId("18-10").orElseThrow();
        assertEquals(
                "The manufacturer shall provide training to its employees aimed at acquiring security expertise.",
                r.text());
        assertFalse(r.starOne());
        assertEquals(refs("iec-62443-4-1", List.of("SM-4")), r.references());
    }

    // ---- corrections

    @Test
    void everyRecordedCorrectionIsAppliedInTheData() {
        assertFalse(catalogue.corrections().isEmpty());
        for (Correction c : catalogue.corrections()) {
            Requirement r =
                    catalogue.byId(c.requirement()).orElseThrow(() -> new AssertionError("no requirement " + c));
            assertFalse(c.why().isBlank(), "reason for " + c);
            switch (c.field()) {
                case "id" -> {
                    assertEquals(c.to(), r.id());
                    assertEquals(
                            Integer.parseInt(c.to().split("-")[0]), r.category().number());
                }
                case "text" -> {
                    assertTrue(r.text().endsWith(c.to()), c.toString());
                }
                default -> {
                    assertTrue(c.field().startsWith("references."), c.toString());
                    List<String> clauses = r.clauses(c.field().substring("references.".length()));
                    assertFalse(clauses.contains(c.from()), "uncorrected " + c);
                    if (c.to() != null) assertTrue(clauses.contains(c.to()), "not applied: " + c);
                    String[] words = c.from().split(" ");
                    assertTrue(
                            r.sourceReferences().contains(words[words.length - 1]), "from is in the seed cell: " + c);
                }
            }
        }
    }

    @Test
    void namedCorrectionsFromTheBriefAreRecorded() {
        assertCorrection("3-5", "id", "5-3", "3-5");
        assertCorrection("3-2", "references.sg-cls", "53-2", "5.3-2");
        assertCorrection(
                "14-2",
                "text",
                "this consent shall be obtained in a",
                "this consent shall be obtained in a valid way.");
        assertCorrection("5-5", "references.jisec-c0755", "FAU_UID", "FIA_UID");
        assertCorrection("6-10", "references.eu-cra", "Artice 10 2", "Article 10 2");
        assertCorrection("1-1", "references.iec-62443-4-2", "CR15", "CR1.5");
        assertCorrection("6-7", "references.iec-62443-4-2", "モバイルコード", null);
        assertEquals(
                "Where personal data is processed on the basis of consumers’ consent, this consent shall be obtained in a valid way.",
                catalogue.byId("14-2").orElseThrow().text());
    }

    private void assertCorrection(String req, String field, String from, String to) {
        for (Correction c : catalogue.corrections()) {
            if (c.requirement().equals(req)
                    && c.field().equals(field)
                    && c.from().equals(from)) {
                if (to == null) assertNull(c.to());
                else assertEquals(to, c.to());
                return;
            }
        }
        fail("no correction " + req + " " + field + " " + from);
    }

    // ---- JSON for GET /v1/requirements

    @Test
    void toJsonIsCompactUtf8WithEveryRequirement() {
        byte[] bytes = catalogue.toJson();
        String s = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(s.contains("\\u"), "no \\u escapes");
        assertTrue(s.contains("汎用的なデフォルトパスワード"));
        JsonNode n = Json.parse(bytes);
        assertEquals(TOTAL_COUNT, n.get("requirements").size());
        assertEquals(18, n.get("categories").size());
        assertTrue(n.get("corrections").isArray());
        assertEquals(catalogue.all(), RequirementsCatalogue.fromJson(bytes).all(), "round trip");
        bytes[0] = 'x';
        assertEquals('{', catalogue.toJson()[0], "callers get a copy");
    }

    @Test
    void inconsistentCatalogueIsRejected() {
        String bad = new String(catalogue.toJson(), StandardCharsets.UTF_8).replace("\"id\":\"1-2\"", "\"id\":\"1-1\"");
        try {
            RequirementsCatalogue.fromJson(bad.getBytes(StandardCharsets.UTF_8));
            fail("duplicate id accepted");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains("1-1"), e.getMessage());
        }
    }

    private static Map<String, List<String>> refs(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }
}
