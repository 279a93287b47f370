package jp.jcstar.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import jp.jcstar.functions.Wiring;
import jp.jcstar.label.Application;
import jp.jcstar.registry.Registry;
import jp.jcstar.requirements.Declaration;
import jp.jcstar.requirements.RequirementsCatalogue;
import jp.jcstar.status.RevocationReason;

/**
 * A realistic registry to explore on first start: Japanese and English vendors, every category kind
 * the scheme starts with, all four star levels, and one label each revoked, suspended, past its
 * support period and expired (its label validity over while the product is still supported). Issued through the registry like any label (real signatures, real status lists).
 */
final class DemoData {
    private DemoData() {}

    record Demo(
            String appId,
            int level,
            List<String> models,
            String product,
            String vendor,
            String category,
            String supportEnd) {}

    static final List<Demo> LABELS = List.of(
            new Demo(
                    "DEMO-0001",
                    1,
                    List.of("SC-300", "SC-300W", "SC-300B"),
                    "スマートホームカメラ SC-300",
                    "株式会社サクラ電機",
                    "camera",
                    "2031-03-31"),
            new Demo(
                    "DEMO-0002",
                    2,
                    List.of("AX3000-HR"),
                    "NRW Home Router AX3000",
                    "Nihon Router Works Co., Ltd.",
                    "router",
                    "2032-12-31"),
            new Demo(
                    "DEMO-0003",
                    1,
                    List.of("TN-WR5400", "TN-WR5400S"),
                    "無線LANルータ TN-WR5400",
                    "東都ネットワークス株式会社",
                    "router",
                    "2030-09-30"),
            new Demo(
                    "DEMO-0004",
                    1,
                    List.of("KSS-MINI-2"),
                    "Kumo Smart Speaker Mini",
                    "Kumo Systems Ltd.",
                    "smart-speaker",
                    "2029-06-30"),
            new Demo("DEMO-0005", 3, List.of("ML-20", "ML-20G"), "スマートロック ML-20", "株式会社ミナト住設", "lock", "2033-03-31"),
            new Demo("DEMO-0006", 2, List.of("AOBA-NAS4"), "Aoba NAS 4-Bay", "Aoba Storage Inc.", "nas", "2031-12-31"),
            new Demo(
                    "DEMO-0007",
                    4,
                    List.of("FV-900", "FV-900IR"),
                    "屋外ネットワークカメラ FV-900",
                    "株式会社フジ映像",
                    "camera",
                    "2034-03-31"),
            new Demo(
                    "DEMO-0008",
                    1,
                    List.of("HK-AC22", "HK-AC28", "HK-AC40"),
                    "スマートエアコン うるわし HK-AC",
                    "北斗家電株式会社",
                    "smart-home",
                    "2032-03-31"),
            new Demo(
                    "DEMO-0009",
                    1,
                    List.of("SPS-5500"),
                    "SPS MFP 5500",
                    "Sakura Printing Solutions",
                    "printer",
                    "2030-12-31"),
            new Demo(
                    "DEMO-0010", 3, List.of("CS-GW10"), "産業用IoTゲートウェイ CS-GW10", "中部産機株式会社", "industrial", "2035-03-31"),
            new Demo("DEMO-0011", 1, List.of("AK-1"), "おしゃべりロボ AK-1", "株式会社あかつき玩具", "toy", "2029-03-31"),
            new Demo(
                    "DEMO-0012",
                    1,
                    List.of("SB-3", "SB-3L"),
                    "Shinkai Band 3",
                    "Shinkai Wearables K.K.",
                    "wearable",
                    "2030-03-31"));

    /** Issues the demo labels; returns how many. */
    static int seed(Wiring wiring) {
        Registry registry = wiring.registry();
        for (Demo d : LABELS) registry.issue(application(d));
        registry.change(
                registry.store().findByApplication("DEMO-0011").orElseThrow().id(),
                Registry.Action.REVOKE,
                RevocationReason.NONCONFORMITY,
                null,
                "demo:operator",
                "初期パスワードが全台共通であることが判明 (requirement 1-1)");
        registry.change(
                registry.store().findByApplication("DEMO-0012").orElseThrow().id(),
                Registry.Action.SUSPEND,
                RevocationReason.UNDER_INVESTIGATION,
                null,
                "demo:operator",
                "脆弱性報告の調査中");
        // A router whose support period ended last month: issued 23 months ago, while it was supported.
        Instant now = registry.clock().instant();
        Registry past = wiring.registryAt(Clock.fixed(now.minus(Duration.ofDays(700)), ZoneOffset.UTC));
        LocalDate ended = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(30);
        past.issue(application(new Demo(
                "DEMO-0013", 1, List.of("RT-100"), "ブロードバンドルータ RT-100", "株式会社レトロ通信", "router", ended.toString())));
        // A camera whose label validity (two years) ran out two weeks ago; its support continues.
        Registry older = wiring.registryAt(Clock.fixed(
                now.minus(jp.jcstar.label.LabelClaims.MAX_VALIDITY).minus(Duration.ofDays(14)), ZoneOffset.UTC));
        older.issue(application(new Demo(
                "DEMO-0014",
                2,
                List.of("HC-2"),
                "Hikari Home Cam 2",
                "Hikari Devices Co., Ltd.",
                "camera",
                LocalDate.ofInstant(now, ZoneOffset.UTC).plusYears(2).toString())));
        return LABELS.size() + 2;
    }

    static Application application(Demo d) {
        var answers = RequirementsCatalogue.get().starOne().stream()
                .map(r -> new Declaration.Answer(
                        r.id(),
                        Declaration.Verdict.CONFORMS,
                        "自己評価により適合を確認 / self-assessed as conforming ("
                                + d.models().getFirst() + ")",
                        List.of("TR-" + d.appId() + "-" + r.id())))
                .toList();
        Declaration.Evaluation eval =
                d.level() >= 2 ? new Declaration.Evaluation("IoT評価センター (demo)", "EV-" + d.appId()) : null;
        return new Application(
                d.appId(),
                d.level(),
                d.models(),
                d.product(),
                d.vendor(),
                d.category(),
                LocalDate.parse(d.supportEnd()),
                new Declaration(answers, eval));
    }
}
