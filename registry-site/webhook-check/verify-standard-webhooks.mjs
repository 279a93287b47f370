// Reads {"secret", "headers": {...}, "body"} as JSON on standard input and verifies the delivery with the
// official Standard Webhooks library (npm standardwebhooks). Exit 0 and print the parsed payload if it
// verifies; exit 1 with the library's message if not. Called by the Java webhook tests
// (jp.jcstar.webhook.StandardWebhooksCheck): a check written from the spec by us would not be independent.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { secret, headers, body } = JSON.parse(input);
try {
  const payload = new Webhook(secret).verify(body, headers);
  process.stdout.write(JSON.stringify(payload));
} catch (e) {
  process.stderr.write(String(e && e.message ? e.message : e));
  process.exit(1);
}
