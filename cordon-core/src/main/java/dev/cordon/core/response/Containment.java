package dev.cordon.core.response;

import dev.cordon.core.CordonException;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsException;
import dev.cordon.core.input.InputException;
import dev.cordon.core.input.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
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
   * decides the instance's role, checks every planned EC2 change with DryRun and lists the blast
   * radius. Changes nothing in AWS.
   *
   * @throws UsageException for a sample finding without {@code force}, or no instance ID
   * @throws AwsException when a call fails or DryRun shows a missing permission
   */
  public Plan planContainment(ContainmentRequest request) {
    String instanceId = instanceId(request);
    if (request.finding() != null && request.finding().sample() && !request.force()) {
      throw new UsageException("Finding " + request.findingId() + " is a GuardDuty sample finding"
          + " (service.additionalInfo.sample is true); nothing was changed. Pass --force to contain anyway.");
    }
    MemorySteps.requireVolatileEvidence(request);
    String incidentId = Incidents.incidentId(request.incidentId(), request.findingId(), instanceId, clock.instant());
    Path directory = incidentRoot.resolve(incidentId);

    Run preflight = newRun(incidentId, directory, null, request, null, null);
    Target target = Target.of(Ec2Lookups.instance(preflight, instanceId));
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

    List<NetworkAcl> acls = request.remoteAddress() == null ? List.of() : Ec2Lookups.networkAclsOf(run, target.subnetIds());
    Path originalFile = IncidentFiles.originalState(directory);
    Memberships memberships = Files.exists(originalFile)
        ? Memberships.recorded(IncidentIo.read(originalFile, OriginalState.class))
        : Memberships.live(run);
    List<Step> steps = new ArrayList<>(ProtectSteps.all(memberships));
    steps.addAll(ServiceSteps.all(memberships, request.standby()));
    steps.addAll(IsolationSteps.all(target, memberships.elasticIps(), request.remoteAddress(), acls));
    List<String> notes = new ArrayList<>();
    var instanceType = MemorySteps.instanceType(run);
    if (request.memory() != null) {
      // The capture runs before the role deny because the SSM Agent signs with the role's credentials.
      MemorySteps.Preflight memory = MemorySteps.captured(run)
          ? MemorySteps.recordedPreflight(run)
          : MemorySteps.preflight(run, request.memory(), instanceType);
      if (!MemorySteps.captured(run)) {
        notes.addAll(MemorySteps.notes(run, request.memory(), memory));
      }
      steps.addAll(MemorySteps.all(target, request.memory(), memory));
    }
    steps.addAll(CredentialSteps.all(memberships.instanceProfileArn()));
    steps.addAll(EvidenceSteps.all(request.stop()));
    String instanceStore = MemorySteps.instanceStoreWarning(run, instanceType);
    if (instanceStore != null) {
      notes.add(instanceStore);
    }

    Map<String, JournalEntry> latest = Executor.latest(journal);
    boolean allDone = steps.stream().allMatch(step -> latest.containsKey(step.name()) && latest.get(step.name()).completes());
    if (!allDone) {
      DryRunChecks.requirePermissions(run, acls);
    }
    List<String> blastRadius = new ArrayList<>(BlastRadius.of(run, memberships));
    blastRadius.addAll(notes);
    return new Plan(incidentId, instanceId, CompromiseRole.of(request.finding()), run.operator,
        planned(run, steps, latest), blastRadius, run, steps);
  }

  /**
   * Returns the plan that undoes containment of {@code incidentId} from its recorded original state.
   *
   * @throws UsageException when the incident or its original state is missing
   */
  public Plan planRelease(String incidentId) {
    Path directory = Incidents.existing(incidentRoot, incidentId);
    Path originalFile = IncidentFiles.originalState(directory);
    if (!Files.exists(originalFile)) {
      throw new UsageException("Incident " + incidentId + " has no recorded original state ("
          + originalFile + "), so contain changed nothing; there is nothing to release.");
    }
    OriginalState original = IncidentIo.read(originalFile, OriginalState.class);
    Journal journal = Journal.open(IncidentFiles.journal(directory), clock);
    Run preflight = newRun(incidentId, directory, journal, null, null, null);
    GetCallerIdentityResponse operator = caller(preflight);
    if (original.accountId() != null && !original.accountId().equals(operator.account())) {
      throw new UsageException("Incident " + incidentId + " was contained in account "
          + original.accountId() + ", but these credentials are for account " + operator.account()
          + "; nothing was changed. Use the profile, --role-arn or --endpoint-url of that account.");
    }
    Target target = Target.of(Ec2Lookups.instance(preflight, original.instanceId()));
    Run run = newRun(incidentId, directory, journal, null, target, operator);
    List<Step> steps = RestoreSteps.all(original, journal);
    List<String> notes = new ArrayList<>();
    if (original.disableApiTermination() == null || original.shutdownBehavior() == null) {
      notes.add("Termination protection and shutdown behaviour were not recorded (DescribeInstanceAttribute"
          + " unavailable); they stay as contain left them.");
    }
    if (original.autoScalingGroup() != null) {
      notes.add("The instance stays out of Auto Scaling group " + original.autoScalingGroup()
          + ", whose replacement already serves; attach it again with aws autoscaling attach-instances if needed.");
    }
    if (original.elasticIps() != null) {
      for (Memberships.ElasticIp address : original.elasticIps()) {
        notes.add("Elastic IP " + address.publicIp() + " stays disassociated; re-associate it with aws ec2"
            + " associate-address --allocation-id " + address.allocationId() + " --network-interface-id "
            + address.networkInterfaceId() + " --private-ip-address " + address.privateIpAddress() + ".");
      }
    }
    notes.add("Snapshots, evidence files and the quarantine groups are kept.");
    return new Plan(incidentId, original.instanceId(), CompromiseRole.UNKNOWN, run.operator,
        planned(run, steps, Executor.latest(journal)), notes, run, steps);
  }

  /** Carries out {@code plan}, skipping what the journal or AWS shows done. */
  public Outcome execute(Plan plan) {
    log.info("Running {} steps of incident {}", plan.executable.size(), plan.incidentId());
    return Executor.run(plan.run, plan.executable);
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
    Journal.ChainCheck check = Journal.verify(journalFile);
    Map<String, JournalEntry> latest = new java.util.LinkedHashMap<>();
    Journal.read(journalFile).forEach(entry -> latest.put(entry.step(), entry));
    List<IncidentStatus.StepState> steps = latest.values().stream()
        .map(entry -> new IncidentStatus.StepState(entry.step(), entry.resource(), entry.event(), entry.time(),
            entry.requestId(), entry.errorCode()))
        .toList();
    return new IncidentStatus(incidentId, steps, check);
  }

  private static List<Plan.PlannedStep> planned(Run run, List<Step> steps, Map<String, JournalEntry> latest) {
    return steps.stream().map(step -> new Plan.PlannedStep(step.name(), Executor.resource(run, step),
        step.description(), latest.containsKey(step.name()) && latest.get(step.name()).completes())).toList();
  }

  private Run newRun(String incidentId, Path directory, Journal journal, ContainmentRequest request,
      Target target, GetCallerIdentityResponse operator) {
    return new Run(clients, incidentId, directory, clock, journal, request, target,
        operator == null ? null : operator.arn(), operator == null ? null : operator.account(), progress, sleeper, hook);
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
    if (!id.matches("i-[0-9a-f]{8,17}")) {
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

  /** Instances that share the role or security groups, listed in the blast radius. */
  static final class BlastRadius {
    private BlastRadius() {}

    static List<String> of(Run run, Memberships memberships) {
      Target target = run.target;
      List<String> lines = new ArrayList<>();
      if (memberships.autoScalingGroup() != null) {
        lines.add("Auto Scaling group " + memberships.autoScalingGroup()
            + " launches a replacement instance; its desired capacity is unchanged.");
      }
      for (Memberships.Registration registration : memberships.registrations()) {
        lines.add("Target group " + registration.targetGroupArn() + " stops routing to the instance"
            + (registration.port() == null ? "" : " on port " + registration.port()) + ".");
      }
      for (Memberships.ElasticIp address : memberships.elasticIps()) {
        lines.add("Elastic IP " + address.publicIp() + " stops reaching the instance; DNS names pointing at it fail.");
      }
      if (target.instanceProfileArn() != null) {
        TreeSet<String> sharing = new TreeSet<>();
        run.read("DescribeInstances", target.instanceProfileArn(), () -> run.ec2.describeInstances(request ->
                request.filters(Ec2Lookups.filter("iam-instance-profile.arn", target.instanceProfileArn()))))
            .reservations().forEach(r -> r.instances().forEach(i -> sharing.add(i.instanceId())));
        sharing.remove(target.instanceId());
        if (!sharing.isEmpty()) {
          lines.add("Instance profile " + target.instanceProfileArn() + " is also used by " + sharing
              + "; only requests signed with this instance's credentials are denied.");
        }
      }
      TreeSet<String> groups = new TreeSet<>();
      target.interfaces().forEach(eni -> groups.addAll(eni.groupIds()));
      if (!groups.isEmpty()) {
        TreeSet<String> sharing = new TreeSet<>();
        run.read("DescribeNetworkInterfaces", String.join(",", groups), () -> run.ec2.describeNetworkInterfaces(
                request -> request.filters(Ec2Lookups.filter("group-id", groups.toArray(String[]::new)))))
            .networkInterfaces().stream()
            .filter(eni -> eni.attachment() != null && eni.attachment().instanceId() != null)
            .forEach(eni -> sharing.add(eni.attachment().instanceId()));
        sharing.remove(target.instanceId());
        if (!sharing.isEmpty()) {
          lines.add("Security groups " + groups + " are also used by " + sharing
              + "; the groups themselves are not changed.");
        }
      }
      return lines;
    }
  }
}
