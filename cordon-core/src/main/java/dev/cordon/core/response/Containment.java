package dev.cordon.core.response;

import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The containment playbook: {@link #planContainment} runs the preflight and returns the plan,
 * {@link #execute} carries a plan out against the incident journal, {@link #planRelease} and
 * {@link #status} read an incident back. The command line and a future Lambda handler call these
 * same methods.
 */
public final class Containment {
  private static final Logger log = LoggerFactory.getLogger(Containment.class);

  private final AwsClients clients;
  private final Path incidentRoot;
  private final Clock clock;
  private final CallHook hook;
  private final Run.Sleeper sleeper;
  private final Consumer<String> progress;
  private JournalMirror.Location mirrorLocation;

  /** Uses clients from {@code factory}; progress lines go to {@code progress}. */
  public Containment(AwsClientFactory factory, Path incidentRoot, Clock clock, Consumer<String> progress) {
    this(AwsClients.of(factory), incidentRoot, clock, CallHook.NONE, duration -> Thread.sleep(duration.toMillis()), progress);
  }

  Containment(AwsClients clients, Path incidentRoot, Clock clock, CallHook hook,
      Run.Sleeper sleeper, Consumer<String> progress) {
    this.clients = clients;
    this.incidentRoot = incidentRoot;
    this.clock = clock;
    this.hook = hook;
    this.sleeper = sleeper;
    this.progress = progress;
  }

  /**
   * Runs the preflight: reads the instance fresh, checks the caller, rejects sample findings,
   * decides the instance's role, finds the quarantine and untrack groups, checks every planned EC2
   * change with DryRun and lists the blast radius. Changes nothing in AWS. The plan's steps up to
   * isolation run in parallel lanes ({@link IsolationPath}); every later step waits for all steps
   * listed before it.
   *
   * <p>Before any read, the plan takes the instance's lock and then the incident's lock
   * ({@link RunLock}), and holds them until it is executed or closed. So a second run of the
   * instance, under any incident in the same incidents root, or of the incident fails at once
   * instead of planning on state this run is about to change.
   *
   * @throws UsageException for a sample finding without {@code force}, no instance ID, or another
   *     run that has locked the instance or the incident
   * @throws AwsException when a call fails or DryRun shows a missing permission
   */
  public Plan planContainment(ContainmentRequest request) {
    return planContainment(request, true);
  }

  /**
   * Returns the plan {@link #planContainment} would return, for {@code contain --plan}, but takes no
   * lock and writes no file. Its plan cannot be executed. While another run has the instance locked,
   * the preview may show state that run is changing.
   *
   * <p>NOTE: without the incident lock, a preview can read the journal while another run appends
   * to it. A line caught half-written fails the hash-chain check, and running the preview again
   * after that run ends reads the whole line.
   *
   * @throws UsageException as {@link #planContainment} does, except for a held lock
   */
  public Plan previewContainment(ContainmentRequest request) {
    return planContainment(request, false);
  }

  private Plan planContainment(ContainmentRequest request, boolean lock) {
    String instanceId = instanceId(request);
    if (request.finding() != null && request.finding().sample() && !request.force()) {
      throw new UsageException("Finding " + request.findingId() + " is a GuardDuty sample finding"
          + " (service.additionalInfo.sample is true); nothing was changed. Pass --force to contain anyway.");
    }
    MemorySteps.requireVolatileEvidence(request);
    String incidentId = Incidents.incidentId(request.incidentId(), request.findingId(), instanceId, clock.instant());
    RunLocks locks = new RunLocks();
    return releasingOnFailure(locks, () -> {
      if (lock) {
        locks.add(RunLock.acquireInstance(instanceId, incidentRoot, incidentId, "contain", clock));
        locks.add(RunLock.acquire(incidentId, incidentRoot.resolve(incidentId), "contain", clock));
      }
      return planContainment(request, instanceId, incidentId, locks);
    });
  }

  /** Runs the preflight of {@link #planContainment(ContainmentRequest)} once the locks are held. */
  private Plan planContainment(ContainmentRequest request, String instanceId, String incidentId, RunLocks locks) {
    Path directory = incidentRoot.resolve(incidentId);
    Run preflight = newRun(incidentId, directory, null, request, null, null);
    Target target = Target.of(Ec2Lookups.instance(preflight, instanceId));
    requireMirrorBucket(preflight);
    requireMirrorNotAhead(preflight, directory);
    if ("terminated".equals(target.state()) || "shutting-down".equals(target.state())) {
      throw new InputException("Instance " + instanceId + " is " + target.state()
          + "; there is nothing left to contain. Look for its snapshots and volumes instead.");
    }
    GetCallerIdentityResponse operator = caller(preflight);
    Journal journal = Journal.open(IncidentFiles.journal(directory), clock);
    boolean released = journal.entries().stream().anyMatch(entry ->
        entry.event() == JournalEntry.Event.DONE && "release-tag".equals(entry.step()));
    if (released) {
      throw new UsageException("Incident " + incidentId + " was released, so its journal no longer"
          + " describes the instance; nothing was changed. Contain it again as a new incident with"
          + " --incident " + incidentId + "-2.");
    }
    Run run = newRun(incidentId, directory, journal, request, target, operator);
    requireForensicAccount(request.forensicCopy(), operator.account());

    Path originalFile = IncidentFiles.originalState(directory);
    OriginalState original = Files.exists(originalFile) ? IncidentIo.read(originalFile, OriginalState.class) : null;
    if (original != null) {
      requireRecordedAccount(incidentId, original, run, "contain");
      OriginalStateHash.verify(directory, journal);
    }
    JournalMirror.Location mirror = mirrorLocation != null ? mirrorLocation : JournalMirror.recorded(directory);
    Path journalFile = IncidentFiles.journal(directory);
    PriorContainment.requireNone(target, incidentId, original != null, request.ignoreIncidentTag(), journalFile,
        mirror == null ? null : JournalMirror.restoreCommand(clients.s3(), mirror, incidentId, journalFile));
    List<NetworkAcl> acls = request.remoteAddress() == null ? List.of() : Ec2Lookups.networkAclsOf(run, target.subnetIds());
    AutoScalingInstanceDetails autoScaling = Memberships.autoScalingInstance(run, instanceId);
    Memberships memberships = original != null ? Memberships.recorded(original) : Memberships.live(run, autoScaling);
    PreflightState preflightState = PreflightState.describe(run, autoScaling, original == null);
    List<Step> steps = new ArrayList<>(IsolationPath.steps(target, memberships, preflightState, request.standby()));
    steps.addAll(IsolationSteps.afterMoves(memberships.elasticIps(), request.remoteAddress(), acls));
    List<String> notes = new ArrayList<>();
    var instanceType = MemorySteps.instanceType(run);
    if (request.memory() != null) {
      // The SSM Agent signs with the role's credentials, so until the capture ends the deny
      // excepts the agent's actions, and the profile swap waits.
      boolean captured = MemorySteps.captured(run);
      MemorySteps.Preflight memory = captured
          ? MemorySteps.recordedPreflight(run)
          : MemorySteps.preflight(run, request.memory(), instanceType);
      List<Step> denyExceptAgent = captured
          ? List.of()
          : CredentialSteps.beforeCapture(memberships.instanceProfileArn(), Executor.latest(journal));
      if (!captured) {
        MemorySteps.requireReachable(run, request.memory(), memory);
        notes.addAll(MemorySteps.notes(run, request.memory(), memory));
        if (!denyExceptAgent.isEmpty()) {
          notes.add(CredentialSteps.captureNote(request.memory().timeout().plus(MemorySteps.DELIVERY_TIMEOUT)));
        }
      }
      steps.addAll(denyExceptAgent);
      String deniedProfile = denyExceptAgent.isEmpty() ? null : CredentialSteps.profileName(memberships.instanceProfileArn());
      steps.addAll(MemorySteps.all(target, request.memory(), memory, deniedProfile));
    }
    if (request.waiveMemory()) {
      steps.add(new MemorySteps.Waiver());
    }
    steps.addAll(CredentialSteps.all(memberships.instanceProfileArn()));
    steps.addAll(EvidenceSteps.all(request.stop()));
    steps.addAll(ForensicCopySteps.all(request.forensicCopy()));
    String instanceStore = MemorySteps.instanceStoreWarning(run, instanceType);
    if (instanceStore != null) {
      notes.add(instanceStore);
    }

    Map<String, JournalEntry> latest = Executor.latest(journal);
    boolean allDone = steps.stream().allMatch(step -> latest.containsKey(step.name()) && latest.get(step.name()).completes());
    if (!allDone) {
      DryRunChecks.requirePermissions(run, acls, preflightState);
    }
    List<String> blastRadius = new ArrayList<>(BlastRadius.of(run, memberships,
        original == null ? null : original.securityGroups(), acls, request.remoteAddress()));
    blastRadius.addAll(notes);
    return new Plan(incidentId, instanceId, CompromiseRole.of(request.finding()), run.operator,
        planned(run, steps, latest), blastRadius, run, steps, locks);
  }

  /**
   * Returns the plan that undoes containment of {@code incidentId} from its recorded original
   * state, leaving the instance out of its Auto Scaling group.
   *
   * @throws UsageException when the incident or its original state is missing, another run has locked
   *     the incident or the instance, or the clients call another account, region or endpoint than
   *     contain did
   */
  public Plan planRelease(String incidentId) {
    return planRelease(incidentId, false);
  }

  /**
   * Returns the plan that undoes containment of {@code incidentId}; with {@code reattach} it also
   * puts the instance back in the Auto Scaling group it left, which raises the group's desired
   * capacity by one because the replacement stays.
   *
   * @throws UsageException as {@link #planRelease(String)} does
   */
  public Plan planRelease(String incidentId, boolean reattach) {
    Path directory = Incidents.existing(incidentRoot, incidentId);
    RunLocks locks = new RunLocks();
    return releasingOnFailure(locks, () -> {
      // The incident lock comes first because a contain of the incident may be writing the original
      // state that names the instance. Neither lock waits, so this order cannot deadlock with contain's.
      locks.add(RunLock.acquire(incidentId, directory, "release", clock));
      OriginalState original = originalToRelease(incidentId, directory);
      locks.add(RunLock.acquireInstance(original.instanceId(), incidentRoot, incidentId, "release", clock));
      return planRelease(incidentId, reattach, directory, original, locks);
    });
  }

  /**
   * Returns the original state release restores.
   *
   * @throws UsageException when contain recorded none
   * @throws InputException when it names no valid instance ID
   */
  private static OriginalState originalToRelease(String incidentId, Path directory) {
    Path originalFile = IncidentFiles.originalState(directory);
    if (!Files.exists(originalFile)) {
      throw new UsageException("Incident " + incidentId + " has no recorded original state ("
          + originalFile + "), so contain changed nothing; there is nothing to release.");
    }
    OriginalState original = IncidentIo.read(originalFile, OriginalState.class);
    if (original.instanceId() == null || !Target.INSTANCE_ID.matcher(original.instanceId()).matches()) {
      throw new InputException("Invalid instance ID '" + original.instanceId() + "' in " + originalFile
          + ", which contain never writes, so the file was edited; nothing was changed. Restore it from a"
          + " backup and check it against the SHA-256 in the journal's record-state entry.");
    }
    return original;
  }

  /** Reads the instance and builds the plan of {@link #planRelease(String, boolean)} once the locks are held. */
  private Plan planRelease(String incidentId, boolean reattach, Path directory, OriginalState original,
      RunLocks locks) {
    Journal journal = Journal.open(IncidentFiles.journal(directory), clock);
    Run preflight = newRun(incidentId, directory, journal, null, null, null);
    requireRecordedLocation(incidentId, original, preflight, "release", false);
    GetCallerIdentityResponse operator = caller(preflight);
    Run checked = newRun(incidentId, directory, journal, null, null, operator);
    requireRecordedAccount(incidentId, original, checked, "release");
    OriginalStateHash.verify(directory, journal);
    Target target = Target.of(Ec2Lookups.instance(preflight, original.instanceId()));
    Run run = newRun(incidentId, directory, journal, null, target, operator);
    boolean running = "running".equals(target.state());
    List<Step> steps = RestoreSteps.all(original, journal, reattach, running);
    List<String> notes = new ArrayList<>();
    if (!running) {
      notes.addAll(stoppedNotes(original, Executor.latest(journal), target, reattach));
    }
    if (original.disableApiTermination() == null || original.shutdownBehavior() == null) {
      notes.add("Termination protection and shutdown behaviour were not recorded (DescribeInstanceAttribute"
          + " unavailable); they stay as contain left them.");
    }
    if (original.autoScalingGroup() != null && !reattach) {
      notes.add("The instance stays out of Auto Scaling group " + original.autoScalingGroup()
          + ", whose replacement already serves; pass --reattach to attach it again.");
    }
    if (original.autoScalingGroup() != null && reattach) {
      notes.add("Attaching the instance to " + original.autoScalingGroup() + " raises its desired capacity by"
          + " one, because the replacement stays; the group's max size must allow that.");
    }
    notes.add("Snapshots, forensic copies and their sharing, evidence files and the quarantine groups are kept.");
    return new Plan(incidentId, original.instanceId(), CompromiseRole.UNKNOWN, run.operator,
        planned(run, steps, Executor.latest(journal)), notes, run, steps, locks);
  }

  /** Returns the release notes for an instance that is not running: what release cannot restore. */
  private static List<String> stoppedNotes(OriginalState original, Map<String, JournalEntry> latest, Target target,
      boolean reattach) {
    List<String> notes = new ArrayList<>();
    notes.add("Instance " + target.instanceId() + " is " + target.state() + "; release restores its settings and"
        + " starts nothing.");
    if (RestoreSteps.registrationsToRestore(original, latest)) {
      List<String> groups = original.targetRegistrations().stream().map(Memberships.Registration::targetGroupArn)
          .distinct().toList();
      notes.add("Target groups accept only a running instance, so release does not register it in " + groups
          + "; start the instance, then register it (aws elbv2 register-targets --targets Id="
          + target.instanceId() + ").");
    }
    if (reattach && original.autoScalingGroup() != null) {
      notes.add("Auto Scaling accepts only a running instance, so release does not attach it to "
          + original.autoScalingGroup() + "; start it, then run release again with --reattach.");
    }
    return notes;
  }

  /**
   * Mirrors the journal of every plan this containment executes to {@code location}. Without it,
   * a plan is mirrored to the location an earlier contain of its incident recorded, if any.
   */
  public Containment mirrorJournal(JournalMirror.Location location) {
    this.mirrorLocation = location;
    return this;
  }

  /**
   * Carries out {@code plan}, skipping what the journal or AWS shows done. Independent steps run
   * in parallel; the first failure stops new steps from starting and is thrown once the running
   * ones have finished. With a journal mirror, uploads run in the background; a mirror left behind
   * is reported through the progress lines. The plan's locks ({@link RunLock}), taken at planning,
   * are released at the end.
   *
   * @throws IllegalStateException for a preview plan, or a plan executed or closed already
   */
  public Outcome execute(Plan plan) {
    plan.requireLocks();
    try (plan) {
      return executeLocked(plan);
    }
  }

  private Outcome executeLocked(Plan plan) {
    log.info("Running {} steps of incident {}", plan.executable.size(), plan.incidentId());
    Run run = plan.run;
    JournalMirror.Location location = mirrorLocation != null ? mirrorLocation : JournalMirror.recorded(run.directory);
    if (location == null) {
      return Executor.run(run, plan.executable);
    }
    String command = RestoreSteps.releases(plan.executable) ? "release" : "contain";
    JournalMirror mirror = JournalMirror.start(clients.s3(), location, plan.incidentId(), run.journal, run.directory,
        run.region(), run.endpoint(), command);
    try {
      return Executor.run(run, plan.executable);
    } finally {
      String behind = mirror.finish(run.journal);
      if (behind != null) {
        progress.accept(behind);
      }
    }
  }

  /**
   * Compares the incident's journal with the S3 mirror contain recorded.
   *
   * @return the comparison, or null when the incident has no mirror
   */
  public JournalMirror.Check checkMirror(String incidentId) {
    JournalMirror.Location location = recordedMirror(incidentRoot, incidentId);
    if (location == null) {
      return null;
    }
    requireRecordedMirrorEndpoint(incidentId);
    return checkMirror(incidentId, location);
  }

  /**
   * Rejects these clients when their region or endpoint differ from those contain recorded with
   * the incident's journal mirror, before any call.
   *
   * @throws UsageException naming the options to pass
   */
  public void requireRecordedMirrorEndpoint(String incidentId) {
    JournalMirror.requireRecordedEndpoint(clients.s3(), incidentId, incidentRoot.resolve(Incidents.requireValid(incidentId)));
  }

  /** Compares the incident's journal, which may be missing, with its mirror at {@code location}. */
  public JournalMirror.Check checkMirror(String incidentId, JournalMirror.Location location) {
    Path journalFile = IncidentFiles.journal(incidentRoot.resolve(Incidents.requireValid(incidentId)));
    try {
      return JournalMirror.compare(clients.s3(), location, incidentId, journalFile);
    } catch (SdkException e) {
      throw AwsException.of("status", "GetObject", location.uri(incidentId), e);
    }
  }

  /**
   * Returns the journal mirror contain recorded for {@code incidentId}, or null, without any AWS
   * call. The local journal need not exist, so status can still find the mirror of a deleted one.
   */
  public static JournalMirror.Location recordedMirror(Path incidentRoot, String incidentId) {
    return JournalMirror.recorded(incidentRoot.resolve(Incidents.requireValid(incidentId)));
  }

  /**
   * Returns the steps of {@code incidentId} as its mirror at {@code location} records them, for an
   * incident whose local journal is missing.
   *
   * @throws UsageException when the mirror does not exist either
   * @throws AwsException when the mirror cannot be read
   */
  public IncidentStatus mirroredStatus(String incidentId, JournalMirror.Location location) {
    Path directory = incidentRoot.resolve(Incidents.requireValid(incidentId));
    byte[] content;
    try {
      content = JournalMirror.download(clients.s3(), location, incidentId);
    } catch (SdkException e) {
      throw AwsException.of("status", "GetObject", location.uri(incidentId), e);
    }
    if (content == null) {
      throw new UsageException("Incident " + incidentId + " not found: " + IncidentFiles.journal(directory)
          + " does not exist and its journal mirror " + location.uri(incidentId) + " does not exist either."
          + " Check the ID, --incident-dir (or " + Incidents.DIRECTORY_VARIABLE + ") and --journal-bucket.");
    }
    List<String> lines = Journal.lines(content, location.uri(incidentId));
    return status(incidentId, directory, Journal.read(lines, location.uri(incidentId)), Journal.verify(lines));
  }

  /**
   * Returns the steps of {@code incidentId} as its journal records them.
   *
   * @throws UsageException when the incident does not exist
   */
  public IncidentStatus status(String incidentId) {
    return status(incidentRoot, incidentId);
  }

  /** Reads the status without any AWS client, as {@code cordon status} needs none. */
  public static IncidentStatus status(Path incidentRoot, String incidentId) {
    Path journalFile = IncidentFiles.journal(Incidents.existing(incidentRoot, incidentId));
    return status(incidentId, journalFile.getParent(), Journal.read(journalFile), Journal.verify(journalFile));
  }

  private static IncidentStatus status(String incidentId, Path directory, List<JournalEntry> entries,
      Journal.ChainCheck check) {
    Map<String, JournalEntry> latest = new java.util.LinkedHashMap<>();
    entries.forEach(entry -> latest.put(entry.step(), entry));
    OriginalStateHash.verify(directory, latest.get(ProtectSteps.RecordState.NAME));
    List<IncidentStatus.StepState> steps = latest.values().stream()
        .map(entry -> new IncidentStatus.StepState(entry.step(), entry.resource(), entry.event(), entry.time(),
            entry.requestId(), entry.errorCode()))
        .toList();
    return new IncidentStatus(incidentId, steps, check);
  }

  /** Returns the plan {@code planning} builds, or releases {@code locks} when it throws. */
  private static Plan releasingOnFailure(RunLocks locks, Supplier<Plan> planning) {
    try {
      return planning.get();
    } catch (RuntimeException | Error e) {
      locks.close();
      throw e;
    }
  }

  private static List<Plan.PlannedStep> planned(Run run, List<Step> steps, Map<String, JournalEntry> latest) {
    return steps.stream().map(step -> new Plan.PlannedStep(step.name(), Executor.resource(run, step),
        step.description(), latest.containsKey(step.name()) && latest.get(step.name()).completes(),
        step.after().orElse(null))).toList();
  }

  private Run newRun(String incidentId, Path directory, Journal journal, ContainmentRequest request,
      Target target, GetCallerIdentityResponse operator) {
    return new Run(clients, incidentId, directory, clock, journal, request, target,
        operator == null ? null : operator.arn(), operator == null ? null : operator.account(), progress, sleeper, hook);
  }

  /**
   * Rejects clients that call another account, region or endpoint than the one contain recorded:
   * a second sandbox or region with the same account ID would find nothing to undo and mark the
   * incident released. States recorded before the region was are checked for the account only.
   */
  private static void requireRecordedAccount(String incidentId, OriginalState original, Run run, String command) {
    requireRecordedLocation(incidentId, original, run, command, true);
  }

  /**
   * Rejects clients set for another region or endpoint than contain recorded, and with
   * {@code checkAccount} another account. Without it the check reads only client settings, so it
   * runs before any call: a release without --endpoint-url must not reach the default AWS endpoint.
   */
  private static void requireRecordedLocation(String incidentId, OriginalState original, Run run, String command,
      boolean checkAccount) {
    List<String> differences = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    if (checkAccount && original.accountId() != null && !original.accountId().equals(run.accountId)) {
      differences.add("account " + original.accountId() + ", but these credentials are for account " + run.accountId);
      fixes.add("the profile or --role-arn of account " + original.accountId());
    }
    if (original.region() != null && !original.region().equals(run.region())) {
      differences.add("region " + original.region() + ", but this run calls " + run.region());
      fixes.add("--region " + original.region());
    }
    if (original.region() != null && !AwsClientSettings.sameEndpoint(original.endpoint(), run.endpoint())) {
      differences.add((original.endpoint() == null ? "the default AWS endpoint" : "endpoint " + original.endpoint())
          + ", but this run calls " + (run.endpoint() == null ? "the default AWS endpoint" : run.endpoint()));
      fixes.add(original.endpoint() == null ? "no --endpoint-url" : "--endpoint-url " + original.endpoint());
    }
    if (!differences.isEmpty()) {
      throw new UsageException("Incident " + incidentId + " was contained in " + String.join("; and in ", differences)
          + "; nothing was changed. Run " + command + " again with " + String.join(" and ", fixes) + ".");
    }
  }

  /** Rejects a --journal-bucket that does not exist, before any change, as every upload to it would fail. */
  private void requireMirrorBucket(Run preflight) {
    if (mirrorLocation == null) {
      return;
    }
    String problem = S3Checks.bucketProblem(preflight, mirrorLocation.bucket());
    if (problem != null) {
      throw new UsageException("Invalid --journal-bucket " + mirrorLocation.bucket() + ": " + problem
          + "; nothing was changed. Create the bucket or pass an existing one.");
    }
  }

  /**
   * Rejects a contain whose journal lacks entries its mirror has, before the plan is shown. The
   * mirror's first upload checks again, because a plan may run later.
   */
  private void requireMirrorNotAhead(Run preflight, Path directory) {
    JournalMirror.Location location = mirrorLocation != null ? mirrorLocation : JournalMirror.recorded(directory);
    if (location == null) {
      return;
    }
    JournalMirror.requireNothingLost(clients.s3(), location, preflight.incidentId, IncidentFiles.journal(directory),
        "contain");
  }

  private static void requireForensicAccount(ContainmentRequest.ForensicCopy forensicCopy, String accountId) {
    if (forensicCopy != null && forensicCopy.accountId().equals(accountId)) {
      throw new UsageException("Invalid --forensic-account " + accountId + ": it is the instance's own account,"
          + " which already holds the snapshots; nothing was changed. Pass the ID of the separate forensic account.");
    }
  }

  private static String instanceId(ContainmentRequest request) {
    String fromFinding = request.finding() == null ? null : request.finding().instanceId();
    if (request.instanceId() != null && fromFinding != null && !request.instanceId().equals(fromFinding)) {
      throw new UsageException("Instance " + request.instanceId() + " differs from " + fromFinding
          + " in finding " + request.findingId() + "; pass one of them.");
    }
    String id = request.instanceId() != null ? request.instanceId() : fromFinding;
    if (id == null) {
      throw new UsageException("Missing instance: pass an instance ID (i-...) or --finding FILE with instanceDetails.");
    }
    if (!Target.INSTANCE_ID.matcher(id).matches()) {
      throw new UsageException("Invalid instance ID '" + id + "': expected i- and 8 or 17 hex digits.");
    }
    return id;
  }

  private GetCallerIdentityResponse caller(Run run) {
    return run.read("GetCallerIdentity", "sts", () -> clients.sts().getCallerIdentity());
  }

  /** Runs {@code call} with DryRun set and returns null when allowed, else the denial's error code. */
  static String dryRun(Run run, String action, String resource, Supplier<?> call) {
    try {
      call.get();
      return null;
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if ("DryRunOperation".equals(code)) {
        return null;
      }
      if ("UnauthorizedOperation".equals(code) || "AccessDenied".equals(code)) {
        return code;
      }
      throw AwsException.of("preflight", action, resource, e);
    } catch (SdkException e) {
      throw AwsException.of("preflight", action, resource, e);
    }
  }
}
