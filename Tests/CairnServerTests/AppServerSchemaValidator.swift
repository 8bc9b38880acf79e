/// The Python programs the schema tests run: the real `jsonschema` validator over a captured
/// session, and the comparison of Cairn's bundle with Codex's.
enum AppServerSchemaValidator {
  /// argv: bundle.json transcript.json. Validates every message of the transcript against
  /// Cairn's bundle: server messages against a strict copy (`additionalProperties: false`
  /// on every object that lists its properties), so a member the catalog lacks fails; the
  /// test's own requests against the schema as generated. Prints a JSON coverage summary.
  static let session = #"""
    import copy, json, sys
    import jsonschema

    bundle = json.load(open(sys.argv[1]))
    transcript = json.load(open(sys.argv[2]))

    def strictified(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                strictified(value)
        elif isinstance(node, list):
            for value in node:
                strictified(value)
        return node

    strict = strictified(copy.deepcopy(bundle))

    def pointer(name):
        if name in bundle["definitions"] and name != "v2":
            return "#/definitions/" + name
        if name in bundle["definitions"].get("v2", {}):
            return "#/definitions/v2/" + name
        raise KeyError(name)

    def validator(root, name):
        return jsonschema.Draft7Validator({"definitions": root["definitions"], "$ref": pointer(name)})

    def table(union):
        out = {}
        for branch in bundle["definitions"][union]["oneOf"]:
            method = branch["properties"]["method"]["enum"][0]
            params = branch["properties"].get("params", {}).get("$ref")
            out[method] = params.rsplit("/", 1)[1] if params else None
        return out

    client_requests = table("ClientRequest")
    server_requests = table("ServerRequest")
    # Results not named after their params (Codex's names): methods without params, and
    # the two config writes sharing one result.
    irregular = {
        "configRequirements/read": "ConfigRequirementsReadResponse",
        "config/value/write": "ConfigWriteResponse",
        "config/batchWrite": "ConfigWriteResponse",
        "config/mcpServer/reload": "McpServerRefreshResponse",
    }

    def response_type(method, params):
        if method in irregular:
            return irregular[method]
        assert params is not None and params.endswith("Params"), (method, params)
        return params[: -len("Params")] + "Response"

    failures = []
    coverage = {"responses": {}, "notifications": {}, "serverRequests": {}, "clientRequests": {}, "errors": 0}

    def tagged_branch(error):
        """The errors of the one oneOf/anyOf branch whose tag (`type`/`method`) matched."""
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        matched = [errs for errs in branches.values() if not any(
            e.validator == "enum" and list(e.relative_path) in (["type"], ["method"]) for e in errs)]
        return matched[0] if len(matched) == 1 else None

    def deepest(error):
        while error.validator in ("oneOf", "anyOf") and error.context:
            errs = tagged_branch(error)
            if not errs:
                break
            error = sorted(errs, key=lambda e: [str(p) for p in e.absolute_path])[0]
        return error

    def check(root, name, value, where):
        error = next(iter(validator(root, name).iter_errors(value)), None)
        if error is not None:
            error = deepest(error)
            failures.append("%s: not a valid %s at %s: %s" % (
                where, name, "/".join(str(p) for p in error.absolute_path) or "(top)", error.message[:300]))

    def count(kind, method):
        coverage[kind][method] = coverage[kind].get(method, 0) + 1

    request_methods = {}
    server_request_methods = {}
    for index, message in enumerate(transcript["sent"]):
        where = "client message %d" % index
        if "method" in message and "id" in message:
            request_methods[json.dumps(message["id"])] = message["method"]
            check(bundle, "ClientRequest", message, where + " (" + message["method"] + ")")
            count("clientRequests", message["method"])
    for index, message in enumerate(transcript["received"]):
        where = "server message %d" % index
        if "method" in message and "id" in message:
            server_request_methods[json.dumps(message["id"])] = message["method"]
            check(strict, "ServerRequest", message, where + " (" + message["method"] + ")")
            count("serverRequests", message["method"])
        elif "method" in message:
            check(strict, "ServerNotification", message, where + " (" + message["method"] + ")")
            count("notifications", message["method"])
        elif "error" in message:
            check(strict, "JSONRPCError", message, where + " (error)")
            coverage["errors"] += 1
        else:
            method = request_methods.get(json.dumps(message.get("id")))
            if method is None:
                failures.append(where + ": a response to no request the client sent")
                continue
            check(strict, "JSONRPCResponse", message, where)
            name = response_type(method, client_requests.get(method))
            check(strict, name, message["result"], where + " (" + method + " result)")
            count("responses", method)
    for index, message in enumerate(transcript["sent"]):
        if "result" in message:
            method = server_request_methods.get(json.dumps(message["id"]))
            if method is None:
                failures.append("client message %d: an answer to no server request" % index)
                continue
            name = response_type(method, server_requests[method])
            check(bundle, name, message["result"], "client message %d (%s answer)" % (index, method))

    # Controls: the strict schema rejects an unknown member and a missing required one.
    started = next(m for m in transcript["received"] if m.get("method") == "thread/started")
    extra = copy.deepcopy(started)
    extra["params"]["thread"]["notInTheCatalog"] = 1
    missing = copy.deepcopy(started)
    del missing["params"]["thread"]["id"]
    for label, sample in (("an unknown member", extra), ("a missing id", missing)):
        if validator(strict, "ServerNotification").is_valid(sample):
            failures.append("control: the strict schema accepted a thread/started with " + label)

    coverage["messages"] = len(transcript["sent"]) + len(transcript["received"])
    print(json.dumps(coverage, sort_keys=True))
    if failures:
        sys.stderr.write("\n".join(failures[:40]) + "\n")
        sys.exit(1)
    """#

  /// argv: cairn-json-dir codex-json-dir cairn-ts-dir codex-ts-dir allowlist.json
  /// [check-unused]. Every
  /// object type (and tagged-union branch, by title) Cairn declares that Codex's bundle also
  /// has: Cairn's member names a subset of Codex's, required-ness equal; every file Cairn
  /// writes at a path Codex's trees have. Deviations must be in the allowlist, and every
  /// allowlist entry must still be needed.
  static let parity = #"""
    import json, os, sys

    cairn_dir, codex_dir, cairn_ts, codex_ts, allow_path = sys.argv[1:6]
    allow = json.load(open(allow_path))
    used = set()
    failures = []

    def files(root):
        out = set()
        for base, _, names in os.walk(root):
            for name in names:
                out.add(os.path.relpath(os.path.join(base, name), root))
        return out

    for mine, theirs, kind in ((cairn_dir, codex_dir, "JSON"), (cairn_ts, codex_ts, "TypeScript")):
        for path in sorted(files(mine) - files(theirs)):
            failures.append("%s file %s is not in Codex's tree" % (kind, path))

    def definitions(path):
        bundle = json.load(open(os.path.join(path, "codex_app_server_protocol.schemas.json")))
        out = {}
        for name, schema in bundle["definitions"].items():
            if name != "v2":
                out[name] = schema
        for name, schema in bundle["definitions"]["v2"].items():
            out.setdefault(name, schema)
        return out

    def shapes(definitions):
        out = {}
        for name, schema in definitions.items():
            if "properties" in schema and "oneOf" not in schema:
                out[name] = (set(schema["properties"]), set(schema.get("required", [])))
            shared = set(schema.get("properties", {})) if "oneOf" in schema else set()
            for branch in schema.get("oneOf", []) + schema.get("anyOf", []):
                if isinstance(branch, dict) and "properties" in branch and "title" in branch:
                    out[name + "." + branch["title"]] = (
                        set(branch["properties"]) | shared, set(branch.get("required", [])))
        return out

    def allowed(key):
        if key in allow:
            used.add(key)
            return True
        return False

    mine = shapes(definitions(cairn_dir))
    theirs = shapes(definitions(codex_dir))
    for label in sorted(mine):
        if label not in theirs:
            if not allowed(label):
                failures.append("%s: Codex's bundle has no such type or branch" % label)
            continue
        names, required = mine[label]
        codex_names, codex_required = theirs[label]
        for field in sorted(names - codex_names):
            if not allowed(label + "." + field):
                failures.append("%s.%s: Codex's %s has no member %s" % (label, field, label, field))
        for field in sorted(names & codex_names):
            if (field in required) != (field in codex_required) and not allowed(label + "." + field):
                failures.append("%s.%s: required in %s, not in the other" % (
                    label, field, "Cairn" if field in required else "Codex"))
        for field in sorted(codex_required - names):
            if not allowed(label + "." + field):
                failures.append("%s.%s: Codex requires it, Cairn does not declare it" % (label, field))
    print(json.dumps({"compared": len([l for l in mine if l in theirs]), "cairn": len(mine)}))
    if failures:
        sys.stderr.write("\n".join(failures) + "\n")
        sys.exit(1)
    unused = sorted(set(allow) - used)
    if unused and sys.argv[6:] == ["check-unused"]:
        sys.stderr.write("allowlist entries no longer needed: " + ", ".join(unused) + "\n")
        sys.exit(2)
    """#
}
