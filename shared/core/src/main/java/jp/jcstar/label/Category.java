package jp.jcstar.label;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Product categories: a short code in the label (the QR stays small), with Japanese and English names.
 * Taken from the product kinds the scheme's policy draft names as its first targets.
 */
public final class Category {
    private Category() {}

    public record Names(String ja, String en) {}

    private static final Map<String, Names> ALL = new LinkedHashMap<>();

    static {
        ALL.put("router", new Names("ルータ", "Router"));
        ALL.put("camera", new Names("ネットワークカメラ", "Network camera"));
        ALL.put("smart-home", new Names("スマート家電", "Smart home appliance"));
        ALL.put("smart-speaker", new Names("スマートスピーカー", "Smart speaker"));
        ALL.put("lock", new Names("スマートロック", "Smart lock"));
        ALL.put("nas", new Names("ネットワーク接続ストレージ", "Network-attached storage"));
        ALL.put("printer", new Names("複合機・プリンタ", "Printer / MFP"));
        ALL.put("wearable", new Names("ウェアラブル機器", "Wearable"));
        ALL.put("toy", new Names("スマート玩具", "Smart toy"));
        ALL.put("industrial", new Names("産業用機器", "Industrial device"));
        ALL.put("other", new Names("その他", "Other"));
    }

    public static boolean isKnown(String code) {
        return ALL.containsKey(code);
    }

    public static Set<String> codes() {
        return ALL.keySet();
    }

    public static Names names(String code) {
        return ALL.get(code);
    }
}
