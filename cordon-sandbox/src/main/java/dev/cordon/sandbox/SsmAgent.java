package dev.cordon.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake SSM Agent that runs Cordon's memory capture script the way the host would, without
 * running any shell: it reads the presigned URLs, the tool's SHA-256 and the part size from the
 * script, downloads the tool and checks its hash, uploads a synthetic image of the managed
 * instance's {@code memoryImageBytes} through the part URLs and prints what the script prints.
 *
 * <p>It only connects to loopback literals, so a script with any other URL fails. The work runs
 * on its own thread because the uploads go back through this sandbox's HTTP server, which serves
 * them only after the SendCommand request has released the state lock.
 */
final class SsmAgent {
  private static final Logger log = LoggerFactory.getLogger(SsmAgent.class);

  /**
   * Action the agent needs to receive a Run Command, signed with its instance's role credentials;
   * a deny of it leaves the command undelivered.
   */
  static final String RECEIVE_ACTION = "ec2messages:GetMessages";

  /** Text every Cordon capture script contains. */
  static final String MARKER = "cordon-memory";

  private static final Pattern LINUX_URLS = Pattern.compile("<<'CORDON_URLS'\\n(.*?)\\nCORDON_URLS\\n", Pattern.DOTALL);
  private static final Pattern LINUX_TOOL = Pattern.compile("--output \"\\$work/tool\" '([^']+)'");
  private static final Pattern LINUX_SHA = Pattern.compile("(?m)^tool_sha256=([0-9a-f]{64})$");
  private static final Pattern LINUX_PART = Pattern.compile("(?m)^part_bytes=(\\d+)$");
  private static final Pattern WINDOWS_URLS = Pattern.compile("\\$urls = @\\(\\n(.*?)\\n\\)", Pattern.DOTALL);
  private static final Pattern WINDOWS_TOOL = Pattern.compile("(?m)^\\$toolUrl = '([^']+)'$");
  private static final Pattern WINDOWS_SHA = Pattern.compile("(?m)^\\$toolSha256 = '([0-9a-f]{64})'$");
  private static final Pattern WINDOWS_PART = Pattern.compile("(?m)^\\$partBytes = (\\d+)$");

  private SsmAgent() {}

  /** Returns whether {@code script} is a Cordon capture script the agent runs. */
  static boolean recognises(String documentName, String script) {
    return script != null && script.contains(MARKER)
        && (documentName.equals("AWS-RunShellScript") || documentName.equals("AWS-RunPowerShellScript"));
  }

  /** The values the agent reads from a script. */
  private record Capture(String toolUrl, String toolSha256, long partBytes, List<String> partUrls) {}

  /**
   * Starts the capture for {@code invocation}, or fails it at once when the instance cannot reach
   * SSM through its security groups, its role denies it {@link #RECEIVE_ACTION}, or its
   * {@code captureFailure} requests a failure. Called with the state locked.
   */
  static void start(AccountState state, SsmModel.ManagedInstance managed, SsmModel.Invocation invocation,
      boolean windows, String script) {
    invocation.runByAgent = true;
    if ("Undeliverable".equals(managed.captureFailure) || !reachesSsm(state, managed.instanceId)
        || PolicyEvaluation.deniesInstance(state, managed.instanceId, RECEIVE_ACTION)) {
      finish(invocation, "Failed", "Undeliverable", -1, "", "");
      return;
    }
    if ("TimedOut".equals(managed.captureFailure)) {
      finish(invocation, "TimedOut", "ExecutionTimedOut", -1, "", "");
      return;
    }
    invocation.status = "InProgress";
    invocation.statusDetails = "InProgress";
    Capture capture = parse(script, windows);
    long imageBytes = managed.memoryImageBytes;
    boolean toolFails = "Failed".equals(managed.captureFailure);
    Thread worker = new Thread(() -> run(state, invocation, capture, imageBytes, toolFails), "sandbox-ssm-agent");
    worker.setDaemon(true);
    worker.start();
  }

  private static Capture parse(String script, boolean windows) {
    Matcher urls = (windows ? WINDOWS_URLS : LINUX_URLS).matcher(script);
    Matcher tool = (windows ? WINDOWS_TOOL : LINUX_TOOL).matcher(script);
    Matcher sha = (windows ? WINDOWS_SHA : LINUX_SHA).matcher(script);
    Matcher part = (windows ? WINDOWS_PART : LINUX_PART).matcher(script);
    if (!urls.find() || !tool.find() || !sha.find() || !part.find()) {
      return null;
    }
    List<String> partUrls = new ArrayList<>();
    for (String line : urls.group(1).split("\n")) {
      String url = line.trim();
      if (url.startsWith("'") && url.endsWith("'")) {
        url = url.substring(1, url.length() - 1);
      }
      partUrls.add(url);
    }
    return new Capture(tool.group(1), sha.group(1), Long.parseLong(part.group(1)), partUrls);
  }

  private static void run(AccountState state, SsmModel.Invocation invocation, Capture capture, long imageBytes,
      boolean toolFails) {
    StringBuilder stderr = new StringBuilder();
    try {
      if (capture == null) {
        throw new AgentFailure("the sandbox agent could not read the URLs, tool hash and part size in the script");
      }
      HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5)).build();
      byte[] tool = send(http, HttpRequest.newBuilder(loopback(capture.toolUrl())).GET(), "download of the capture tool").body();
      String actual = HexFormat.of().formatHex(digest(tool));
      if (!actual.equals(capture.toolSha256())) {
        throw new AgentFailure("capture tool SHA-256 is " + actual + ", expected " + capture.toolSha256() + "; it was not run");
      }
      if (toolFails) {
        throw new AgentFailure("the capture tool exited with status 1");
      }
      String summary = upload(http, capture, imageBytes, stderr);
      synchronizedFinish(state, invocation, "Success", "Success", 0, summary, stderr.toString());
    } catch (AgentFailure e) {
      stderr.append(MARKER).append(" error: ").append(e.getMessage()).append('\n');
      synchronizedFinish(state, invocation, "Failed", "Failed", 1, "", stderr.toString());
    } catch (IOException | RuntimeException e) {
      log.warn("The sandbox SSM agent failed", e);
      stderr.append(MARKER).append(" error: ").append(e).append('\n');
      synchronizedFinish(state, invocation, "Failed", "Failed", 1, "", stderr.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronizedFinish(state, invocation, "Failed", "Failed", 1, "", "interrupted\n");
    }
  }

  /** Uploads the synthetic image part by part and returns the summary line the script prints. */
  private static String upload(HttpClient http, Capture capture, long imageBytes, StringBuilder stderr)
      throws IOException, InterruptedException {
    MessageDigest whole = sha256();
    int part = 0;
    for (long offset = 0; offset < imageBytes; offset += capture.partBytes()) {
      int size = (int) Math.min(capture.partBytes(), imageBytes - offset);
      byte[] body = syntheticBytes(offset, size);
      whole.update(body);
      if (part >= capture.partUrls().size()) {
        throw new AgentFailure("the image is larger than the " + part + " presigned parts");
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(loopback(capture.partUrls().get(part)))
          .header("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(digest(body)))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
      part++;
      String etag = send(http, request, "upload of part " + part).headers().firstValue("ETag").orElse("");
      stderr.append(MARKER).append(" part=").append(part).append(" bytes=").append(size).append(" etag=").append(etag).append('\n');
    }
    if (part == 0) {
      throw new AgentFailure("the capture tool wrote nothing");
    }
    return MARKER + " image bytes=" + imageBytes + " sha256=" + HexFormat.of().formatHex(whole.digest()) + " parts=" + part + "\n";
  }

  /** Returns image bytes that differ from part to part, so a part sent twice or out of order shows. */
  static byte[] syntheticBytes(long offset, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      long position = offset + i;
      bytes[i] = (byte) ((position * 2654435761L) >>> 13);
    }
    return bytes;
  }

  private static HttpResponse<byte[]> send(HttpClient http, HttpRequest.Builder request, String action)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() / 100 != 2) {
      throw new AgentFailure(action + " failed with HTTP " + response.statusCode());
    }
    return response;
  }

  /** Returns {@code url} with its host replaced by the loopback literal it names; rejects others. */
  private static URI loopback(String url) {
    URI uri = URI.create(url);
    InetAddress address;
    try {
      address = SandboxServer.loopbackAddress(uri.getHost());
    } catch (IllegalArgumentException e) {
      throw new AgentFailure("the sandbox agent connects only to loopback addresses, not " + uri.getHost());
    }
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    return URI.create(uri.getScheme() + "://" + host + ":" + uri.getPort() + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
  }

  /** Returns whether the instance's primary ENI may send HTTPS to SSM: to anywhere, or to an SSM endpoint's group. */
  static boolean reachesSsm(AccountState state, String instanceId) {
    List<NetworkInterface> interfaces = state.interfacesOf(instanceId);
    if (interfaces.isEmpty()) {
      return false;
    }
    NetworkInterface primary = interfaces.get(0);
    List<String> endpointGroups = state.vpcEndpoints.stream()
        .filter(endpoint -> endpoint.vpcId.equals(primary.vpcId) && endpoint.serviceName.endsWith(".ssm")
            && endpoint.vpcEndpointType.equalsIgnoreCase("Interface") && endpoint.state.equals("available"))
        .flatMap(endpoint -> endpoint.groupIds.stream())
        .toList();
    for (String groupId : primary.groupIds) {
      SecurityGroup group = state.securityGroup(groupId).orElse(null);
      if (group == null) {
        continue;
      }
      for (SecurityGroup.Rule rule : group.rules) {
        boolean https = rule.protocol.equals("-1") || (rule.protocol.equals("tcp") && rule.fromPort <= 443 && rule.toPort >= 443);
        boolean destination = "0.0.0.0/0".equals(rule.cidrIpv4) || endpointGroups.contains(rule.referencedGroupId);
        if (rule.egress && https && destination) {
          return true;
        }
      }
    }
    return false;
  }

  private static void synchronizedFinish(AccountState state, SsmModel.Invocation invocation, String status,
      String details, int code, String stdout, String stderr) {
    state.withLock(() -> {
      finish(invocation, status, details, code, stdout, stderr);
      return null;
    });
  }

  private static void finish(SsmModel.Invocation invocation, String status, String details, int code, String stdout,
      String stderr) {
    invocation.status = status;
    invocation.statusDetails = details;
    invocation.responseCode = code;
    invocation.standardOutput = stdout;
    invocation.standardError = stderr;
  }

  private static byte[] digest(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256 digest", e);
    }
  }

  /** A failure the script would report on its stderr. */
  private static final class AgentFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AgentFailure(String message) {
      super(message);
    }
  }
}
