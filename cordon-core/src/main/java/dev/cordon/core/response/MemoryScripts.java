package dev.cordon.core.response;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the script SSM Run Command runs on the host to capture memory: download the static
 * capture tool, check its SHA-256, run it and upload its output in parts through presigned URLs.
 * The script carries no credentials, but each URL lets its holder upload one part until the
 * expiry, so callers never log or journal the script.
 *
 * <p>The script prints one line on stdout that {@link #parseSummary} reads:
 * {@code cordon-memory image bytes=N sha256=HEX parts=P}. Per-part lines with the ETag go to
 * stderr, because SSM keeps only the first 24,000 characters of stdout.
 */
final class MemoryScripts {
  /** Prefix of the summary line and of every error line the scripts print. */
  static final String MARKER = "cordon-memory";

  /** Characters a presigned URL may contain, so it can sit inside single quotes in both shells. */
  private static final Pattern SAFE_URL = Pattern.compile("https?://[A-Za-z0-9._~:/?#\\[\\]@!$&()*+,;=%-]+");

  private static final Pattern SUMMARY = Pattern.compile(
      "(?m)^" + MARKER + " image bytes=(\\d+) sha256=([0-9a-f]{64}) parts=(\\d+)\\s*$");

  private MemoryScripts() {}

  /** Image summary the script printed. */
  record Summary(long bytes, String sha256, int parts) {}

  /**
   * Returns the bash script for Linux hosts. It streams AVML's output through a pipe, so the
   * image never touches the instance's disks; each part waits in {@code /dev/shm} (RAM) until
   * its SHA-256 is known.
   */
  static String linux(String incidentId, String instanceId, URL tool, String toolSha256, long partBytes,
      List<URL> partUrls, Instant expiry) {
    StringBuilder script = new StringBuilder();
    script.append("#!/bin/bash\n")
        .append("# Cordon memory capture of ").append(instanceId).append(" for incident ").append(incidentId).append(".\n")
        .append("# No credentials: each URL allows one upload and expires at ").append(expiry).append(".\n")
        .append("if [ -z \"${BASH_VERSION:-}\" ]; then exec bash \"$0\" \"$@\"; fi\n")
        .append("set -u -o pipefail\n")
        .append("umask 077\n")
        .append("part_bytes=").append(partBytes).append('\n')
        .append("tool_sha256=").append(toolSha256).append('\n')
        .append("fail() { echo \"" + MARKER + " error: $*\" >&2; exit 1; }\n")
        .append("for needed in curl sha256sum base64 head stat mkfifo sed; do\n")
        .append("  command -v \"$needed\" >/dev/null 2>&1 || fail \"$needed not found on the host\"\n")
        .append("done\n")
        .append("work=$(mktemp -d /dev/shm/cordon-memory.XXXXXX 2>/dev/null || mktemp -d) || fail \"cannot create a work directory\"\n")
        .append("trap 'rm -rf \"$work\"' EXIT\n")
        .append("cat > \"$work/urls\" <<'CORDON_URLS'\n");
    partUrls.forEach(url -> script.append(safe(url)).append('\n'));
    script.append("CORDON_URLS\n")
        .append("curl --silent --show-error --fail --retry 3 --output \"$work/tool\" '").append(safe(tool)).append("' \\\n")
        .append("  || fail \"download of the capture tool failed\"\n")
        .append("actual=$(sha256sum \"$work/tool\" | cut -d' ' -f1)\n")
        .append("[ \"$actual\" = \"$tool_sha256\" ] || fail \"capture tool SHA-256 is $actual, expected $tool_sha256; it was not run\"\n")
        .append("chmod 700 \"$work/tool\"\n")
        .append(LINUX_UPLOAD);
    return script.toString();
  }

  /**
   * Reads parts from stdin, uploads each with its checksum and writes the count and total.
   * NOTE: running AVML with /dev/stdout as its output assumes it writes the image front to back
   * without seeking; the tests run a stand-in, not AVML itself.
   */
  private static final String LINUX_UPLOAD = """
      upload_parts() {
        local part=0 total=0 size url hex checksum etag
        while :; do
          head -c "$part_bytes" > "$work/part" || return 1
          size=$(stat -c %s "$work/part")
          [ "$size" -gt 0 ] || break
          part=$((part + 1))
          url=$(sed -n "${part}p" "$work/urls")
          if [ -z "$url" ]; then
            echo "cordon-memory error: the image is larger than the $((part - 1)) presigned parts" >&2
            return 1
          fi
          hex=$(sha256sum "$work/part" | cut -d' ' -f1)
          checksum=$(printf "$(printf '%s' "$hex" | sed 's/../\\\\x&/g')" | base64)
          etag=$(curl --silent --show-error --fail --retry 3 -X PUT -H "x-amz-checksum-sha256: $checksum" \\
            --upload-file "$work/part" --dump-header - --output /dev/null "$url" \\
            | tr -d '\\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p')
          if [ -z "$etag" ]; then
            echo "cordon-memory error: upload of part $part failed" >&2
            return 1
          fi
          echo "cordon-memory part=$part bytes=$size etag=$etag" >&2
          total=$((total + size))
          [ "$size" -eq "$part_bytes" ] || break
        done
        echo "$part $total" > "$work/parts"
      }
      mkfifo "$work/hash" || fail "cannot create a pipe in $work"
      sha256sum < "$work/hash" > "$work/image.sha256" &
      hash_pid=$!
      "$work/tool" /dev/stdout 2> "$work/tool.log" | tee "$work/hash" | upload_parts
      statuses=("${PIPESTATUS[@]}")
      wait "$hash_pid"
      if [ "${statuses[0]}" -ne 0 ]; then
        tail -c 2000 "$work/tool.log" >&2
        fail "the capture tool exited with status ${statuses[0]}"
      fi
      [ "${statuses[1]}" -eq 0 ] && [ "${statuses[2]}" -eq 0 ] || fail "the upload stopped"
      read -r parts total < "$work/parts"
      [ "$parts" -gt 0 ] || fail "the capture tool wrote nothing"
      echo "cordon-memory image bytes=$total sha256=$(cut -d' ' -f1 "$work/image.sha256") parts=$parts"
      """;

  /**
   * Returns the PowerShell script for Windows hosts. WinPMem writes the image to a file in the
   * temporary directory, so unlike the Linux capture this one writes to the instance's disk. The
   * script deletes the file after the upload.
   */
  static String windows(String incidentId, String instanceId, URL tool, String toolSha256, long partBytes,
      List<URL> partUrls, Instant expiry) {
    StringBuilder script = new StringBuilder();
    script.append("# Cordon memory capture of ").append(instanceId).append(" for incident ").append(incidentId).append(".\n")
        .append("# No credentials: each URL allows one upload and expires at ").append(expiry).append(".\n")
        .append("$ErrorActionPreference = 'Stop'\n")
        .append("$ProgressPreference = 'SilentlyContinue'\n")
        .append("$partBytes = ").append(partBytes).append('\n')
        .append("$toolSha256 = '").append(toolSha256).append("'\n")
        .append("$toolUrl = '").append(safe(tool)).append("'\n")
        .append("$urls = @(\n");
    partUrls.forEach(url -> script.append("  '").append(safe(url)).append("'\n"));
    script.append(")\n").append(WINDOWS_BODY);
    return script.toString();
  }

  private static final String WINDOWS_BODY = """
      $work = Join-Path ([IO.Path]::GetTempPath()) ('cordon-memory-' + [guid]::NewGuid())
      New-Item -ItemType Directory -Path $work | Out-Null
      try {
        $tool = Join-Path $work 'winpmem.exe'
        Invoke-WebRequest -UseBasicParsing -Uri $toolUrl -OutFile $tool
        $actual = (Get-FileHash -Algorithm SHA256 -Path $tool).Hash.ToLowerInvariant()
        if ($actual -ne $toolSha256) { throw "capture tool SHA-256 is $actual, expected $toolSha256; it was not run" }
        $image = Join-Path $work 'memory.raw'
        & $tool $image 2>&1 | Select-Object -Last 20 | ForEach-Object { [Console]::Error.WriteLine($_) }
        if ($LASTEXITCODE -ne 0) { throw "the capture tool exited with status $LASTEXITCODE" }
        $whole = [Security.Cryptography.SHA256]::Create()
        $stream = [IO.File]::OpenRead($image)
        $buffer = New-Object byte[] $partBytes
        $part = 0
        $total = [long]0
        try {
          while ($true) {
            $read = 0
            while ($read -lt $partBytes) {
              $n = $stream.Read($buffer, $read, $partBytes - $read)
              if ($n -le 0) { break }
              $read += $n
            }
            if ($read -eq 0) { break }
            if ($part -ge $urls.Count) { throw "the image is larger than the $($urls.Count) presigned parts" }
            $body = $buffer
            if ($read -lt $partBytes) { $body = New-Object byte[] $read; [Array]::Copy($buffer, $body, $read) }
            [void]$whole.TransformBlock($body, 0, $read, $null, 0)
            $checksum = [Convert]::ToBase64String([Security.Cryptography.SHA256]::Create().ComputeHash($body, 0, $read))
            $response = Invoke-WebRequest -UseBasicParsing -Method Put -Uri $urls[$part] -Body $body `
              -Headers @{ 'x-amz-checksum-sha256' = $checksum } -ContentType 'application/octet-stream'
            $part += 1
            $total += $read
            [Console]::Error.WriteLine("cordon-memory part=$part bytes=$read etag=$($response.Headers['ETag'])")
            if ($read -lt $partBytes) { break }
          }
        } finally {
          $stream.Dispose()
        }
        if ($part -eq 0) { throw 'the capture tool wrote nothing' }
        [void]$whole.TransformFinalBlock([byte[]]@(), 0, 0)
        $sha256 = ([BitConverter]::ToString($whole.Hash) -replace '-', '').ToLowerInvariant()
        Write-Output "cordon-memory image bytes=$total sha256=$sha256 parts=$part"
      } catch {
        [Console]::Error.WriteLine("cordon-memory error: $($_.Exception.Message)")
        exit 1
      } finally {
        Remove-Item -Recurse -Force -Path $work -ErrorAction SilentlyContinue
      }
      """;

  /**
   * Returns the summary line of {@code stdout}, or null when the script printed none.
   */
  static Summary parseSummary(String stdout) {
    if (stdout == null) {
      return null;
    }
    var matcher = SUMMARY.matcher(stdout);
    if (!matcher.find()) {
      return null;
    }
    return new Summary(Long.parseLong(matcher.group(1)), matcher.group(2), Integer.parseInt(matcher.group(3)));
  }

  /** Returns the first error line the script printed on stderr, or null. */
  static String errorLine(String stderr) {
    if (stderr == null) {
      return null;
    }
    return stderr.lines().filter(line -> line.startsWith(MARKER + " error: ")).findFirst()
        .map(line -> line.substring(MARKER.length() + " error: ".length())).orElse(null);
  }

  private static String safe(URL url) {
    String text = url.toString();
    if (!SAFE_URL.matcher(text).matches()) {
      throw new IllegalArgumentException("A presigned URL contains a character that cannot be quoted in the script");
    }
    return text;
  }
}
