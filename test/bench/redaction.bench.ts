import { bench, describe } from 'vitest';
import { redact } from '../../main/core/redaction/index';

/** A log line as the engine writes it, with and without secrets in it. */
const secretLine = 'refresh sent refresh_token=AB11795453283Gu73pvpi4eFFYUobTMwLnemcUTyJTVsMKcDv8 for 9341452148659287 intuit_tid=1-abc\n';
const plainLine = "refresh succeeded for Larry's Bakery (9341452148659287) at 2026-11-23T17:00:00Z, next in 24 hours\n";
const megabyteOfSecrets = secretLine.repeat(Math.ceil(1_048_576 / secretLine.length));
const megabyteOfPlainText = plainLine.repeat(Math.ceil(1_048_576 / plainLine.length));

describe('redacting 1 MiB of log text', () => {
  bench('text full of tokens', () => {
    redact(megabyteOfSecrets);
  });
  bench('text without secrets', () => {
    redact(megabyteOfPlainText);
  });
});
