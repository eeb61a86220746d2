package dev.deletionjobs.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.testing.Management;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.WithDefault;

/**
 * Every manifest under k8s/ against the Kubernetes object model: an unknown field (a typo, a field of another API
 * version) or a missing required one fails, every kustomization points at files that exist, and the probes of the
 * Deployment answer on the running application.
 */
@QuarkusTest
class KubernetesManifestsTest {

    private static final Path ROOT = Path.of("k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 Deployment", Deployment.class,
            "apps/v1 StatefulSet", StatefulSet.class,
            "batch/v1 Job", Job.class,
            "v1 Service", Service.class,
            "v1 ServiceAccount", ServiceAccount.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "v1 Namespace", Namespace.class,
            "autoscaling/v2 HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class);
    private static final Map<String, Class<? extends HasMetadata>> MORE_KINDS = Map.of(
            "networking.k8s.io/v1 NetworkPolicy", NetworkPolicy.class);
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "namespace", "resources",
            "labels", "images", "replicas", "configMapGenerator", "secretGenerator", "patches");

    private static final List<Loaded> manifests = new ArrayList<>();

    private static final Set<Path> patches = new HashSet<>();

    record Loaded(Path file, HasMetadata object) {
    }

    @BeforeAll
    static void load() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "manifests found: " + files);
        for (Path file : files) {
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode> readValues(file.toFile()).readAll()) {
                String kind = document.path("kind").asText();
                if (kind.equals("Kustomization")) {
                    checkKustomization(file, document);
                    continue;
                }
                String type = document.path("apiVersion").asText() + " " + kind;
                Class<? extends HasMetadata> model = KINDS.getOrDefault(type, MORE_KINDS.get(type));
                assertNotNull(model, file + ": no Kubernetes kind " + type);
                HasMetadata object = YAML.treeToValue(document, model);
                assertNoUnknownFields(object, file + " " + kind);
                manifests.add(new Loaded(file, object));
            }
        }
    }

    @Test
    void everyObjectIsComplete() {
        for (Loaded loaded : manifests) {
            if (patches.contains(loaded.file().normalize())) {
                continue;
            }
            HasMetadata object = loaded.object();
            String where = loaded.file() + " " + object.getKind();
            assertFalse(blank(object.getMetadata().getName()), where + ": metadata.name");
            Map<String, String> labels = object.getMetadata().getLabels();
            assertNotNull(labels, where + ": labels");
            assertNotNull(labels.get("app.kubernetes.io/part-of"), where + ": app.kubernetes.io/part-of");
            if (!(object instanceof Namespace)) {
                assertNotNull(labels.get("app.kubernetes.io/name"), where + ": app.kubernetes.io/name");
            }
            if (object instanceof Deployment deployment) {
                checkWorkload(where, deployment.getSpec().getSelector().getMatchLabels(),
                        deployment.getSpec().getTemplate());
            } else if (object instanceof StatefulSet statefulSet) {
                checkWorkload(where, statefulSet.getSpec().getSelector().getMatchLabels(),
                        statefulSet.getSpec().getTemplate());
            } else if (object instanceof Job job) {
                checkPod(where, job.getSpec().getTemplate().getSpec());
            } else if (object instanceof Service service) {
                assertFalse(service.getSpec().getSelector().isEmpty(), where + ": selector");
                assertFalse(service.getSpec().getPorts().isEmpty(), where + ": ports");
            } else if (object instanceof HorizontalPodAutoscaler hpa) {
                assertFalse(blank(hpa.getSpec().getScaleTargetRef().getName()), where + ": scaleTargetRef");
                assertNotNull(hpa.getSpec().getMaxReplicas(), where + ": maxReplicas");
            }
        }
    }

    @Test
    void theServiceDeploymentIsHardenedAndHighlyAvailable() {
        Deployment deployment = only(Deployment.class, "data-deletion-jobs");
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        // SIGTERM comes after the preStop pause; then the requests in flight finish, then the worker drains its jobs
        // and hands back what did not finish. The kubelet kills the pod at the end of the grace period, whatever it
        // is doing.
        Map<String, String> settings = only(ConfigMap.class, "data-deletion-jobs").getData();
        long stopping = container.getLifecycle().getPreStop().getSleep().getSeconds()
                + Duration.parse("PT" + settings.getOrDefault("PERSONALIZE_HTTP_STOP_TIMEOUT",
                        defaultOf(PersonalizeConfig.Http.class, "stopTimeout"))).toSeconds()
                + Duration.parse("PT" + settings.get("PERSONALIZE_WORKER_DRAIN_TIMEOUT")).toSeconds();
        assertTrue(pod.getTerminationGracePeriodSeconds() >= stopping + 20, "the grace period "
                + pod.getTerminationGracePeriodSeconds() + " s covers " + stopping + " s of stopping and the hand-back");
        assertEquals(List.of("PERSONALIZE_PAGINATION_TOKEN_SECRET", "PERSONALIZE_S3_ACCESS_KEY_ID",
                "PERSONALIZE_S3_SECRET_ACCESS_KEY", "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_PASSWORD",
                "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_MONGODB_CONNECTION_STRING"),
                container.getEnv().stream().filter(env -> env.getValueFrom() != null
                        && env.getValueFrom().getSecretKeyRef() != null).map(env -> env.getName()).sorted().toList(),
                "every secret comes from the Secret");
        // Only the chosen store's keys, and S3's where the pod has no role, need exist; the token key always must.
        container.getEnv().stream().filter(env -> env.getValueFrom() != null
                && env.getValueFrom().getSecretKeyRef() != null).forEach(env -> assertEquals(
                        !env.getName().equals("PERSONALIZE_PAGINATION_TOKEN_SECRET"),
                        Boolean.TRUE.equals(env.getValueFrom().getSecretKeyRef().getOptional()),
                        env.getName() + " optional"));
        assertTrue(container.getEnv().stream().allMatch(env -> env.getValue() == null), "no inline values");
        assertTrue(pod.getVolumes().stream().anyMatch(volume -> volume.getSecret() != null
                && "data-deletion-jobs".equals(volume.getSecret().getSecretName())), "callers come from the Secret");
        assertSecretFilesAreReadable(pod);
        assertSpillSpaceFitsTheJobs(pod, container);
        HorizontalPodAutoscaler autoscaler = only(HorizontalPodAutoscaler.class, "data-deletion-jobs");
        assertEquals("data-deletion-jobs", autoscaler.getSpec().getScaleTargetRef().getName());
        assertTrue(autoscaler.getSpec().getMinReplicas() >= 2, "at least two replicas");
        // One pod at a time, whatever the count: a drain never leaves one pod with all the traffic.
        assertEquals(1, only(PodDisruptionBudget.class, "data-deletion-jobs").getSpec().getMaxUnavailable()
                .getIntVal());
        assertEquals("true", deployment.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("prometheus.io/scrape"));
    }

    @Test
    void theAutoscalerAloneSetsTheReplicaCount() throws IOException {
        // A count in the Deployment (or an overlay's replicas) would reset the autoscaler's on every apply: a deploy
        // under load would take 8 replicas down to it at once.
        Set<String> scaled = new HashSet<>();
        manifests.stream().filter(loaded -> !patches.contains(loaded.file().normalize())).map(Loaded::object)
                .filter(HorizontalPodAutoscaler.class::isInstance)
                .map(hpa -> ((HorizontalPodAutoscaler) hpa).getSpec().getScaleTargetRef().getName())
                .forEach(scaled::add);
        assertTrue(scaled.contains("data-deletion-jobs"), "the service is autoscaled");
        for (Loaded loaded : manifests) {
            if (loaded.object() instanceof Deployment deployment
                    && scaled.contains(deployment.getMetadata().getName())) {
                assertNull(deployment.getSpec().getReplicas(), loaded.file() + ": replicas");
            }
        }
        List<Path> kustomizations;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            kustomizations = walk.filter(path -> path.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        for (Path kustomization : kustomizations) {
            for (JsonNode replicas : YAML.readTree(kustomization.toFile()).path("replicas")) {
                assertFalse(scaled.contains(replicas.path("name").asText()), kustomization + ": replicas");
            }
        }
    }

    @Test
    void theImagesHeapIsHalfTheMemoryLimit() throws IOException {
        // The rest of the process (metaspace, compiled code, threads, buffers) needs about 170 MB on the JVM: with
        // the images' defaults (80 % of the limit) the kernel kills the pod before the heap runs out.
        Container container = only(Deployment.class, "data-deletion-jobs").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        BigDecimal limit = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory"));
        String jvm = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertTrue(jvm.contains("\nENV JAVA_MAX_MEM_RATIO=50\n"), "run-java.sh gives the heap half the limit");
        Matcher heap = Pattern.compile("\"-Xmx(\\d+)m\"")
                .matcher(Files.readString(Path.of("src/main/docker/Dockerfile.native-micro")));
        assertTrue(heap.find(), "the native executable's heap is capped");
        assertEquals(0, limit.compareTo(BigDecimal.valueOf(Long.parseLong(heap.group(1)) << 21)),
                "the native heap is half the limit of " + limit + " bytes");
    }

    /**
     * The benchmark measures the JVM the image runs: the options run-java.sh builds from the Dockerfile's settings, and
     * the Deployment's memory limit as the memory the JVM sizes itself from. It once measured a serial collector with
     * its whole heap from the start while the image ran the parallel one from 8 MB, at 1.4 times the CPU a request.
     */
    @Test
    void theBenchmarkRunsTheJvmTheImageRuns() throws IOException {
        Container container = only(Deployment.class, "data-deletion-jobs").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        long limit = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValueExact();
        String jvm = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        Matcher bench = Pattern.compile("(?s)\nJVM_OPTIONS = \\[(.*?)]").matcher(Files.readString(
                Path.of("bench/bench.py")));
        assertTrue(bench.find(), "bench.py names its JVM options");
        List<String> measured = Pattern.compile("\"([^\"]+)\"").matcher(bench.group(1)).results()
                .map(option -> option.group(1)).toList();
        List<String> expected = new ArrayList<>();
        expected.add("-XX:MaxRAM=" + (limit >> 20) + "m");
        String heapRatio = env(jvm, "JAVA_MAX_MEM_RATIO");
        expected.add("-XX:MaxRAMPercentage=" + heapRatio);
        assertTrue(env(jvm, "GC_CONTAINER_OPTIONS").contains("-XX:InitialRAMPercentage=" + heapRatio),
                "the heap is whole from the start");
        // run-java.sh's own: the collector the Dockerfile names, then its heap sizing defaults.
        expected.addAll(List.of(env(jvm, "GC_CONTAINER_OPTIONS").split(" ")));
        expected.addAll(List.of("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
                "-XX:AdaptiveSizePolicyWeight=90"));
        for (String option : env(jvm, "JAVA_OPTS_APPEND").split("\\s+")) {
            if (option.startsWith("-XX:")) {
                expected.add(option);
            }
        }
        assertEquals(new TreeSet<>(expected), new TreeSet<>(measured));
    }

    /** The value of an {@code ENV} of the Dockerfile, continued lines joined, quotes taken off. */
    private static String env(String dockerfile, String name) {
        Matcher env = Pattern.compile("\nENV " + name + "=(\"(?:[^\"\\\\]|\\\\\\s)*\"|\\S+)").matcher(dockerfile);
        assertTrue(env.find(), "the Dockerfile sets " + name);
        return env.group(1).replaceAll("\\\\\\s+", " ").replace("\"", "").trim();
    }

    @Test
    void theProbesAnswerOnTheRunningApplication() throws IOException {
        Container container = only(Deployment.class, "data-deletion-jobs").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        // The ports the packaged application listens on (tests run on random ones).
        Map<String, Integer> ports = new HashMap<>();
        container.getPorts().forEach(port -> ports.put(port.getName(), port.getContainerPort()));
        assertEquals(Integer.parseInt(applicationProperty("quarkus.http.port")), ports.get("http"));
        int managementPort = Integer.parseInt(applicationProperty("quarkus.management.port"));
        assertEquals(managementPort, ports.get("management"));
        Map<String, String> annotations = only(Deployment.class, "data-deletion-jobs").getSpec().getTemplate()
                .getMetadata().getAnnotations();
        assertEquals(String.valueOf(managementPort), annotations.get("prometheus.io/port"));
        for (Probe probe : List.of(container.getStartupProbe(), container.getReadinessProbe(),
                container.getLivenessProbe())) {
            assertEquals("management", probe.getHttpGet().getPort().getStrVal(), "probes use the management port");
            given().get(Management.url(probe.getHttpGet().getPath())).then().statusCode(200);
        }
        given().get(Management.url(annotations.get("prometheus.io/path"))).then().statusCode(200);
        // The public Service exposes the API port only.
        assertEquals(List.of("http"), only(Service.class, "data-deletion-jobs").getSpec().getPorts().stream()
                .map(port -> port.getTargetPort().getStrVal()).toList());
    }

    /**
     * The Secret's files are mode 0440 and the kubelet writes them as root's unless the pod has an {@code fsGroup}:
     * then they are that group's, which the service runs in.
     */
    private static void assertSecretFilesAreReadable(PodSpec pod) {
        for (Volume volume : pod.getVolumes()) {
            if (volume.getSecret() == null) {
                continue;
            }
            Integer mode = volume.getSecret().getDefaultMode();
            if (mode == null || (mode & 04) != 0) {
                continue;
            }
            assertTrue((mode & 040) != 0, volume.getName() + ": the group may read");
            assertNotNull(pod.getSecurityContext().getFsGroup(), volume.getName() + ": an fsGroup owns the files");
            assertEquals(pod.getSecurityContext().getRunAsGroup(), pod.getSecurityContext().getFsGroup(),
                    volume.getName() + ": the files are the service's group's");
        }
    }

    /**
     * The worker's spill directory is an emptyDir with room for every running job's largest spill, and 32 MiB each for
     * the file system's rounding of its files to blocks: a volume past its limit has the pod evicted.
     */
    private static void assertSpillSpaceFitsTheJobs(PodSpec pod, Container container) {
        Map<String, String> settings = only(ConfigMap.class, "data-deletion-jobs").getData();
        String directory = settings.get("PERSONALIZE_WORKER_SPILL_DIRECTORY");
        assertNotNull(directory, "the ConfigMap sets the spill directory");
        String volumeName = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals(directory))
                .map(mount -> mount.getName()).findFirst().orElseThrow(() -> new AssertionError(directory + " is mounted"));
        Volume volume = pod.getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(volumeName)).findFirst().orElseThrow();
        assertNotNull(volume.getEmptyDir(), "the spill directory is an emptyDir");
        BigDecimal room = Quantity.getAmountInBytes(
                volume.getEmptyDir().getSizeLimit());
        BigDecimal needed = Quantity.getAmountInBytes(
                new Quantity(settings.get("PERSONALIZE_WORKER_MAX_INPUT_SIZE")
                        .replaceAll("([KMGT])$", "$1i")))
                .add(new BigDecimal(32L << 20))
                .multiply(new BigDecimal(settings.get("PERSONALIZE_WORKER_PARALLELISM")));
        assertTrue(room.compareTo(needed) >= 0, "spill room " + room + " for " + needed);
    }

    private static void checkWorkload(String where, Map<String, String> selector, PodTemplateSpec template) {
        assertFalse(selector.isEmpty(), where + ": selector");
        assertTrue(template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
                where + ": the selector matches the pod template's labels");
        checkPod(where, template.getSpec());
    }

    private static void checkPod(String where, PodSpec pod) {
        assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), where + ": runAsNonRoot");
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), where + ": seccomp");
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), where + ": no service account token");
        assertFalse(pod.getContainers().isEmpty(), where + ": containers");
        for (Container container : pod.getContainers()) {
            String at = where + " container " + container.getName();
            assertFalse(blank(container.getName()), at + ": name");
            assertFalse(blank(container.getImage()), at + ": image");
            assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), at);
            assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), at);
            assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop(), at);
            assertNotNull(container.getResources().getRequests().get("memory"), at + ": memory request");
            assertNotNull(container.getResources().getLimits().get("memory"), at + ": memory limit");
            Set<String> ports = new HashSet<>();
            if (container.getPorts() != null) {
                container.getPorts().forEach(port -> ports.add(port.getName()));
            }
            for (Probe probe : new Probe[] { container.getStartupProbe(), container.getReadinessProbe(),
                    container.getLivenessProbe() }) {
                if (probe != null && probe.getHttpGet() != null) {
                    assertTrue(ports.contains(probe.getHttpGet().getPort().getStrVal()), at + ": probe port");
                }
            }
        }
    }

    private static void checkKustomization(Path file, JsonNode kustomization) {
        kustomization.fieldNames().forEachRemaining(field -> assertTrue(KUSTOMIZATION_FIELDS.contains(field),
                file + ": unknown kustomization field " + field));
        Path folder = file.getParent();
        for (JsonNode resource : kustomization.path("resources")) {
            Path target = folder.resolve(resource.asText()).normalize();
            assertTrue(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")),
                    file + ": resource " + resource.asText() + " does not exist");
        }
        for (String generator : List.of("secretGenerator", "configMapGenerator")) {
            for (JsonNode generated : kustomization.path(generator)) {
                for (JsonNode source : generated.path("files")) {
                    assertTrue(Files.isRegularFile(folder.resolve(source.asText())), file + ": " + source.asText());
                }
            }
        }
        for (JsonNode patch : kustomization.path("patches")) {
            Path target = folder.resolve(patch.path("path").asText()).normalize();
            assertTrue(Files.isRegularFile(target), file + ": patch " + target + " does not exist");
            patches.add(target);
        }
    }

    /** Fails on any field the model did not recognise, however deep: fabric8 keeps those aside, unchecked. */
    private static void assertNoUnknownFields(Object node, String where) {
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    fail(where + ": unknown fields " + unknown.keySet() + " in " + node.getClass().getSimpleName());
                }
            } else if (value instanceof Collection<?> items) {
                items.forEach(item -> assertNoUnknownFields(item, where));
            } else if (value instanceof Map<?, ?> map) {
                map.values().forEach(item -> assertNoUnknownFields(item, where));
            } else {
                assertNoUnknownFields(value, where);
            }
        }
    }

    private static <T extends HasMetadata> T only(Class<T> type, String name) {
        List<T> found = manifests.stream().filter(loaded -> !patches.contains(loaded.file().normalize()))
                .map(Loaded::object).filter(type::isInstance).map(type::cast)
                .filter(object -> name.equals(object.getMetadata().getName())).toList();
        assertEquals(1, found.size(), type.getSimpleName() + " " + name);
        return found.get(0);
    }

    /** A setting's default, as the service has it outside dev mode and tests (which shorten some). */
    private static String defaultOf(Class<?> group, String setting) {
        try {
            return group.getMethod(setting).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(group.getSimpleName() + " has no setting " + setting, e);
        }
    }

    private static String applicationProperty(String name) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties.getProperty(name);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
