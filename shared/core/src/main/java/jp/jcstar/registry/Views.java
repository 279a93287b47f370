package jp.jcstar.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jp.jcstar.json.Json;
import jp.jcstar.label.LabelCodec;
import jp.jcstar.requirements.DeclarationJson;
import jp.jcstar.requirements.ForeignMapping;

/** The API's JSON shapes (see openapi.yaml). Hand-written so the domain carries no JSON annotations. */
public final class Views {
    private Views() {}

    public static ObjectNode label(LabelView v, boolean withDeclaration) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", v.id());
        o.put("status", v.status().code());
        o.put("reason", v.reason() == null ? null : v.reason().code());
        o.put(
                "statusEffectiveAt",
                v.statusEffectiveAt() == null ? null : v.statusEffectiveAt().toString());
        o.set("label", LabelCodec.toReadableNode(v.record().claims()));
        o.put("jws", v.record().jws());
        o.put("qrText", v.qrText());
        o.put("qrTextCompact", v.compactQrText());
        ObjectNode links = o.putObject("links");
        String base = "/v1/labels/" + v.id();
        links.put("self", base);
        links.put("qrPng", base + "/qr.png");
        links.put("qrSvg", base + "/qr.svg");
        links.put("artwork", base + "/artwork.svg");
        if (withDeclaration) {
            String d = v.record().declarationJson();
            o.set("declaration", d == null ? null : Json.parse(d));
            // the mutual-recognition view: which provisions of foreign schemes the conforming answers cover
            ObjectNode coverage = o.putObject("coverage");
            if (d != null) {
                ForeignMapping.covered(DeclarationJson.parse(d.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .forEach((scheme, clauses) -> {
                            var arr = coverage.putArray(scheme);
                            clauses.forEach(arr::add);
                        });
            }
            // what the label is recognised as abroad (recognition.json), and until when
            var recognition = o.putArray("recognition");
            for (Recognition.Applied r : Recognition.forLabel(v)) {
                var a = r.arrangement();
                ObjectNode x = recognition.addObject();
                x.put("id", a.id());
                x.put("scheme", a.scheme());
                x.put("country", a.country());
                var levels = x.putArray("levels");
                a.levels().forEach(levels::add);
                var conditions = x.putArray("conditions");
                a.conditions().forEach(conditions::add);
                x.putObject("effect").put("en", a.effectEn()).put("ja", a.effectJa());
                x.put("since", a.since().toString());
                x.putObject("source")
                        .put("title", a.source().title())
                        .put("url", a.source().url());
                x.put("applies", r.applies());
                x.put("validUntil", r.validUntil().toString());
            }
        }
        return o;
    }

    public static ObjectNode verify(VerifyAnswer a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("valid", a.valid());
        o.put("status", a.status().code());
        o.put("reason", a.reason());
        o.put("detail", a.detail());
        o.put("effectiveAt", a.effectiveAt() == null ? null : a.effectiveAt().toString());
        o.set("label", a.claims() == null ? null : LabelCodec.toReadableNode(a.claims()));
        return o;
    }
}
