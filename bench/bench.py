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
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT, MANAGEMENT_PORT = 18080, 19000
BASE = f"http://127.0.0.1:{PORT}"
GROUPS = 20
ACCOUNT = "000000000000"


def call(target, body):
    request = urllib.request.Request(BASE + "/", data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonPersonalize." + target})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def group_arn(i):
    return f"arn:aws:personalize:us-east-1:{ACCOUNT}:dataset-group/bench-{i:02d}"


def start_service(options):
    args = ["java", "-Xmx512m", f"-Dquarkus.http.port={PORT}", f"-Dquarkus.management.port={MANAGEMENT_PORT}",
            "-Dpersonalize.auth.mode=none", "-Dpersonalize.auth.allow-unauthenticated=true",
            "-Dpersonalize.worker.enabled=false",
            "-Dpersonalize.pagination.token-secret=benchmark-pagination-secret-0123456789",
            "-Dquarkus.log.category.\"dev.deletionjobs.metrics.ApiCalls\".level=WARN",
            "-Dquarkus.log.console.json.enabled=false"]
    if options.profile:
        # Deep stacks, so a sample is charged to the framework that called into the JDK rather than to "other".
        args += ["-XX:FlightRecorderOptions:stackdepth=512",
                 f"-XX:StartFlightRecording=filename={os.path.join(ROOT, 'target', 'bench.jfr')},settings=profile"]
    args.append(f"-Dpersonalize.store.kind={options.store}")
    given = options.mongo if options.store == "mongodb" else options.jdbc
    if given and options.store == "mongodb":
        args.append(f"-Dquarkus.mongodb.connection-string={given}")
    elif given:
        args.append(f"-Dquarkus.datasource.jdbc.url={given}")
    else:
        args += ["-Dpersonalize.store.embedded=true", "-Dpersonalize.store.embedded-backend=memory"]
    log = open(os.path.join(ROOT, "target", "bench-service.log"), "w")
    started = time.monotonic()
    process = subprocess.Popen(args + ["-jar", os.path.join(ROOT, "target/quarkus-app/quarkus-run.jar")],
                               stdout=log, stderr=subprocess.STDOUT)
    while True:
        try:
            call("ListDataDeletionJobs", {"maxResults": 1})
            break
        except OSError:
            if process.poll() is not None:
                sys.exit("the service did not start: see target/bench-service.log")
            time.sleep(0.01)
    startup_ms = (time.monotonic() - started) * 1000
    store = given
    if not given:
        # The embedded store's address, for the driver ceiling.
        pattern = r"listening at (mongodb://[0-9.:]+)" if options.store == "mongodb" else r"database at (jdbc:\S+)"
        with open(os.path.join(ROOT, "target", "bench-service.log")) as text:
            store = re.search(pattern, text.read()).group(1)
    return process, startup_ms, store


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


def wrk(script, seconds, connections, env=None, url=BASE + "/"):
    # A long timeout: on a store without indexes a listing can take seconds, and a timed-out request is not a result.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency", "-s",
               os.path.join(ROOT, "bench", "lua", script), url]
    env = {**os.environ, "BENCH_LUA_DIR": os.path.join(ROOT, "bench", "lua"), **(env or {})}
    output = subprocess.run(command, env=env, capture_output=True, text=True,
                            check=True).stdout
    return json.loads(re.search(r"RESULT (\{.*\})", output).group(1))


def aws(target, body, seconds, connections):
    return wrk("post.lua", seconds, connections, {"BENCH_TARGET": "AmazonPersonalize." + target,
                                                  "BENCH_BODY": json.dumps(body)})


def graphql(query, variables, seconds, connections):
    return wrk("post.lua", seconds, connections, {"BENCH_TARGET": "", "BENCH_CONTENT_TYPE": "application/json",
                                                  "BENCH_BODY": json.dumps({"query": query, "variables": variables})},
               url=BASE + "/graphql")


def driver(store, seconds, connections, group=None):
    with open(os.path.join(ROOT, "target", "bench-classpath.txt")) as text:
        # The main classes too: the PostgreSQL ceiling runs the store's own keyset SQL (KeysetQuery).
        classpath = os.pathsep.join([os.path.join(ROOT, "target", "test-classes"),
                                     os.path.join(ROOT, "target", "classes"), text.read().strip()])
    args = ["java", "-cp", classpath, "dev.deletionjobs.bench.DriverCeiling", store, str(connections), str(seconds)]
    output = subprocess.run(args + ([group] if group else []), capture_output=True, text=True, check=True).stdout
    return json.loads(re.search(r"RESULT (\{.*\})", output).group(1))


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
    and the hottest methods, from the JFR recording of the run."""
    output = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample",
                             os.path.join(ROOT, "target", "bench.jfr")], capture_output=True, text=True).stdout
    owners, methods, samples = {}, {}, 0
    for event in output.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.MULTILINE)
        if not frames:
            continue
        samples += 1
        methods[frames[0]] = methods.get(frames[0], 0) + 1
        # The innermost frame that belongs to a known party names the owner of the sample.
        owner = next((name for frame in frames for prefixes, name in OWNERS if frame.startswith(prefixes)),
                     "other (JDK, Netty, Vert.x)")
        owners[owner] = owners.get(owner, 0) + 1
    lines = [f"{samples} CPU samples of the service JVM:"]
    lines += [f"- {owner}: {count / samples:.0%}" for owner, count in sorted(owners.items(), key=lambda o: -o[1])]
    lines.append("Hottest methods (self time):")
    lines += [f"- {method}: {count / samples:.1%}" for method, count in
              sorted(methods.items(), key=lambda m: -m[1])[:top]]
    return "\n".join(lines)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024


def store_description(options):
    if options.store == "postgresql":
        return ("postgresql " + options.jdbc.split("?")[0] if options.jdbc
                else "embedded PostgreSQL 14 (zonky binaries, a child process: real indexes; fsync off)")
    return ("mongodb " + options.mongo.split("@")[-1] if options.mongo
            else "embedded mongo-java-server (memory backend: no secondary indexes, every query scans)")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5,000 jobs and short scenarios (about two minutes)")
    parser.add_argument("--store", choices=["mongodb", "postgresql"], default="mongodb",
                        help="the store the service keeps its jobs in (personalize.store.kind)")
    parser.add_argument("--mongo", help="a MongoDB connection string instead of the embedded store")
    parser.add_argument("--jdbc", help="with --store postgresql: a JDBC URL (user and password as its parameters)"
                                       " instead of the embedded PostgreSQL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--profile", action="store_true", help="record the service with JFR and summarise it")
    options = parser.parse_args()
    jobs, seconds, deep_pages = (5_000, 8, 20) if options.quick else (100_000, 20, 200)
    c = options.connections

    process, startup_ms, store = start_service(options)
    try:
        seconds_seeding = seed(jobs)
        print(f"seeded {jobs} jobs in {seconds_seeding:.1f} s", file=sys.stderr)
        group = group_arn(0)
        deep_unfiltered = deep_token(deep_pages)
        deep_group = deep_token(min(deep_pages, jobs // GROUPS // 100 - 1), group)
        # Warm-up, until the JIT has compiled the hot paths: GraphQL's engine needs about 30 s of load to reach its
        # steady rate (measured: 45, 98, 133, 229, 225 requests/s in successive 8 s runs), the AWS path less.
        aws("ListDataDeletionJobs", {"maxResults": 100}, seconds, c)
        graphql("{ dataDeletionJobs(first: 100) { nodes { arn jobName status creationDateTime } } }", {},
                2 * seconds, c)

        nodes = "nodes { arn jobName datasetGroupArn status creationDateTime lastUpdatedDateTime }"
        results = {}
        results["http_ceiling"] = wrk("post.lua", seconds, c, {"BENCH_TARGET": ""},
                                      url=f"http://127.0.0.1:{MANAGEMENT_PORT}/q/health/live")
        results["driver_list"] = driver(store, seconds, c)
        results["driver_list_group"] = driver(store, seconds, c, group)
        results["rest_list"] = aws("ListDataDeletionJobs", {"maxResults": 100}, seconds, c)
        results["rest_list_group"] = aws("ListDataDeletionJobs", {"maxResults": 100, "datasetGroupArn": group},
                                         seconds, c)
        results["rest_list_deep"] = aws("ListDataDeletionJobs", {"maxResults": 100, "nextToken": deep_unfiltered},
                                        seconds, c)
        results["rest_list_group_deep"] = aws("ListDataDeletionJobs", {"maxResults": 100, "datasetGroupArn": group,
                                                                        "nextToken": deep_group}, seconds, c)
        results["graphql_list"] = graphql("query { dataDeletionJobs(first: 100) { %s } }" % nodes, {}, seconds, c)
        results["graphql_list_deep"] = graphql("query($a: String) { dataDeletionJobs(first: 100, after: $a) { %s } }"
                                               % nodes, {"a": deep_unfiltered}, seconds, c)
        results["graphql_list_total"] = graphql("query { dataDeletionJobs(first: 100) { totalCount %s } }" % nodes,
                                                {}, seconds, c)
        results["rest_describe"] = aws("DescribeDataDeletionJob", {
            "dataDeletionJobArn": f"arn:aws:personalize:us-east-1:{ACCOUNT}:data-deletion-job/seed-7"}, seconds, c)
        results["rest_create"] = wrk("create.lua", seconds, c)
        rss = rss_mb(process.pid)
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
        "machine": {"cores": os.cpu_count(), "jvm": subprocess.run(["java", "-version"], capture_output=True,
                                                                   text=True).stderr.splitlines()[0],
                    "os": platform.platform()},
        "rest_list_rps": rps["rest_list"], "graphql_list_rps": rps["graphql_list"],
        "driver_list_rps": rps["driver_list"],
        "rest_to_driver": round(rps["rest_list"] / rps["driver_list"], 3),
        "rest_group_to_driver": round(rps["rest_list_group"] / rps["driver_list_group"], 3),
        "graphql_to_driver": round(rps["graphql_list"] / rps["driver_list"], 3),
        "deep_to_first": round(rps["rest_list_deep"] / rps["rest_list"], 3),
        "startup_ms": round(startup_ms), "rss_mb": round(rss),
        "scenarios": results,
    }
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    results_file = "latest.json" if options.store == "mongodb" else f"latest-{options.store}.json"
    with open(os.path.join(ROOT, "bench", "results", results_file), "w") as out:
        json.dump(report, out, indent=2)

    ceilings = {"rest_list": "driver_list", "rest_list_group": "driver_list_group", "rest_list_deep": "driver_list",
                "rest_list_group_deep": "driver_list_group", "graphql_list": "driver_list",
                "graphql_list_deep": "driver_list", "graphql_list_total": "driver_list",
                "rest_describe": "http_ceiling", "rest_create": "http_ceiling"}
    print("| scenario | requests/s | p50 ms | p99 ms | ratio to ceiling | failed |")
    print("| --- | ---: | ---: | ---: | --- | ---: |")
    for name, r in results.items():
        ceiling = ceilings.get(name)
        ratio = f"{r['rps'] / results[ceiling]['rps']:.2f} of {ceiling}" if ceiling else "(ceiling)"
        print(f"| {name} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {ratio} | {r['errors']} |")
    print()
    print(f"{jobs} jobs, {c} connections, {seconds} s a scenario, store: {report['store']}; startup "
          f"{report['startup_ms']} ms to the first response, RSS {report['rss_mb']} MB after the run; "
          f"deep pages are {deep_pages} pages in.")
    if options.profile:
        print()
        print(profile_summary())


if __name__ == "__main__":
    main()
