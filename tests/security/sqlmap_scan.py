#!/usr/bin/env python3
"""Runs sqlmap against every parameter of every operation in docs/openapi.yaml, as each role.

Started by tests/security/sqlmap.sh, which owns the server (start, seed, stop). This program
signs in, creates what the scan needs through the API (an admin, members to change and remove,
invitations, API tokens, tokens from the mail outbox), then runs one sqlmap process per
(role, operation, parameter) and prints one line for each, then a summary line.

Exit status: 0 when every run finished and no injection was found; 1 when sqlmap found an
injection or a run failed; 2 for bad usage or a failed setup.
"""

import argparse
import concurrent.futures
import copy
import fnmatch
import glob
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse

import yaml

ROLES = ["owner", "admin", "manager", "member", "viewer", "unauthenticated"]

# Who plays each role: (email, organisation slug). The demo has no admin; setup invites one, into
# another vendor than the owner's: the owner's scan fills Northwind's lists of invitations and
# tokens with thousands of entries, and sqlmap would then spend minutes comparing each answer.
ROLE_USERS = {
    "owner": ("owner@northwind.example", "northwind"),
    "admin": ("admin@helios.example", "helios"),
    "manager": ("emea@northwind.example", "northwind"),
    "member": ("northwind-desk@meridian.example", "meridian"),
    "viewer": ("viewer@northwind.example", "northwind"),
}

# Operations the spec marks `security: []` read no session: they are scanned once, as the
# unauthenticated visitor.

# These end or move the session that makes them. They run after every other operation of the
# role, one at a time, each run with a session signed in just before it: logoutEverywhere ends all
# the user's sessions, so it goes last.
SESSION_ENDING = ["switchOrg", "logout", "logoutEverywhere"]
# A successful password change ends every session of the user and a wrong current password
# counts towards the account's lock-out: each run gets a user of its own, with the role.
OWN_USER_OPS = {"changePassword"}
# Failed log-ins lock the account (5) and then the address (30 in 15 minutes): the login scan
# comes after every log-in the scan needs, against an account made for it.
LAST_OPS = ["login"]

# Parameters sqlmap tests at level 5 besides the request's own: the session cookie (level 2),
# User-Agent and Referer (level 3), Host (level 5). The CSRF header (sessions) and a bearer
# token (the unauthenticated visitor) are added with custom injection marks.
STANDARD_HEADERS = [("cookie", "strata_session"), ("header", "User-Agent"),
                    ("header", "Referer"), ("header", "Host")]

# Operations whose answers are large (sqlmap spends its time comparing them): run first.
HEAVY_FIRST = ["exportAuditEvents", "listAuditEvents", "getMetrics"]

JSON_CT = "application/json"
# sqlmap's -v 5 output: a request or an answer, with its headers on the lines that follow until
# the next log record; and the payload of each request.
TRAFFIC_LINE = re.compile(r"\[\d\d:\d\d:\d\d\] \[TRAFFIC (OUT|IN)\] HTTP (?:request|response) "
                          r"\[#\d+\](?: \((\d+))?")
END_OF_TRAFFIC = re.compile(r"\[\d\d:\d\d:\d\d\] \[|sqlmap identified|---|\[\*\]|.*\? \[")
PAYLOAD_LINE = re.compile(r"\[\d\d:\d\d:\d\d\] \[(PAYLOAD\]|DEBUG\] got HTTP error code)")
# sqlmap's place for a header marked with `*`. A mark there does not stop sqlmap from testing the
# query string too, so such runs filter on it.
CUSTOM_HEADER = "(custom) HEADER"


def log(message):
    print(message, file=sys.stderr, flush=True)


class SetupError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# HTTP

class Api:
    def __init__(self, address):
        self.host, port = address.rsplit(":", 1)
        self.port = int(port)
        self.address = address
        self.base = "http://" + address

    def call(self, method, path, body=None, session=None, expect=None):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = JSON_CT
        if session is not None:
            headers["Cookie"] = "strata_session=" + session["cookie"]
            if method != "GET":
                headers["X-CSRF-Token"] = session["csrf"]
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
        finally:
            connection.close()
        try:
            document = json.loads(raw) if raw else None
        except ValueError:
            document = None
        if expect is not None and response.status not in (
                expect if isinstance(expect, tuple) else (expect,)):
            raise SetupError(f"{method} {path} answered {response.status}: {raw[:300]!r}")
        return response.status, document, cookies

    def login(self, email, password):
        _, principal, cookies = self.call(
            "POST", "/api/v1/auth/login", {"email": email, "password": password}, expect=200)
        for cookie in cookies:
            match = re.match(r"strata_session=([^;]+)", cookie)
            if match:
                return {"cookie": match.group(1), "csrf": principal["csrf_token"],
                        "user_id": principal["user"]["id"], "org_id": principal["org"]["id"],
                        "role": principal["role"], "email": email,
                        "org_name": principal["org"]["name"]}
        raise SetupError(f"no strata_session cookie when {email} signed in")


# ---------------------------------------------------------------------------------------------
# Seeding through the API

class Outbox:
    """Reads the links that the server mailed into DATA_DIR/outbox/."""

    def __init__(self, data_dir):
        self.dir = os.path.join(data_dir, "outbox")

    def token(self, to, pattern, attempts=50):
        regex = re.compile(pattern)
        for _ in range(attempts):
            newest = None
            for path in glob.glob(os.path.join(self.dir, "*.eml")):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
                if not re.search(r"^To: .*" + re.escape(to), text, re.M | re.I):
                    continue
                match = regex.search(text)
                if match and (newest is None or os.path.getmtime(path) >= newest[0]):
                    newest = (os.path.getmtime(path), match.group(1))
            if newest:
                return newest[1]
            time.sleep(0.1)
        raise SetupError(f"no mail to {to} matching {pattern} in {self.dir}")


JOIN_LINK = r"/join/([A-Za-z0-9_\-]+)"
SIGNUP_LINK = r"/signup\?invitation=([A-Za-z0-9_\-]+)"
RESET_LINK = r"/reset-password\?token=([A-Za-z0-9_\-]+)"


def parse_demo(text):
    password = re.search(r"the password is (\S+)", text)
    if not password:
        raise SetupError("strata demo printed no password:\n" + text)
    emails = re.findall(r"^\s+(\S+@\S+)\s", text, re.M)
    return password.group(1), emails


class Seed:
    """Everything the scan needs, made through the public API of a freshly seeded demo."""

    def __init__(self, api, data_dir, demo_text, roles):
        self.api = api
        self.outbox = Outbox(data_dir)
        self.password, self.emails = parse_demo(demo_text)
        self.roles = roles
        self.sessions = {}        # role -> main session
        self.ctx = {}             # role -> values for paths and bodies
        self.owners = {}

    def owner(self, slug):
        if slug not in self.owners:
            email = f"owner@{slug}.example"
            if email not in self.emails:
                raise SetupError(f"the demo printed no log-in {email}")
            self.owners[slug] = self.api.login(email, self.password)
        return self.owners[slug]

    def invite(self, slug, email, role="member", scopes=None):
        body = {"email": email, "role": role}
        if scopes:
            body["scopes"] = scopes
        _, invitation, _ = self.api.call("POST", "/api/v1/member-invitations", body,
                                         session=self.owner(slug), expect=201)
        return invitation["id"], self.outbox.token(email, JOIN_LINK)

    def join(self, slug, email, role="member"):
        _, token = self.invite(slug, email, role)
        _, principal, _ = self.api.call(
            "POST", "/api/v1/auth/signup",
            {"email": email, "password": self.password, "name": "Scan " + email.split("@")[0],
             "invitation": token}, expect=201)
        return principal["user"]["id"]

    def signup(self, email, org_name, kinds=("reseller",)):
        _, principal, _ = self.api.call(
            "POST", "/api/v1/auth/signup",
            {"email": email, "password": self.password, "name": "Scan " + email.split("@")[0],
             "org": {"name": org_name, "kinds": list(kinds)}}, expect=201)
        return principal

    def own_session(self, role):
        """A new user with the role, in the role's organisation, signed in."""
        slug = ROLE_USERS[role][1]
        self.own_users = getattr(self, "own_users", 0) + 1
        email = f"own-{role}-{self.own_users}@{slug}.example"
        self.join(slug, email, role=role)
        session = self.api.login(email, self.password)
        if session["role"] != role:
            raise SetupError(f"{email} signed in as {session['role']}, not {role}")
        return session

    def relationships(self, session):
        _, page, _ = self.api.call("GET", "/api/v1/relationships?limit=200", session=session,
                                   expect=200)
        return page["items"]

    def cursor(self, path, session):
        status, page, _ = self.api.call("GET", path + "?limit=1", session=session)
        if status == 200 and page.get("next_cursor"):
            return page["next_cursor"]
        return None

    def run(self):
        api = self.api
        northwind = self.owner("northwind")
        self.owner("meridian")
        self.owner("helios")
        self.owner("tessera")
        admin_email, admin_org = ROLE_USERS["admin"]
        if admin_email not in self.emails:
            self.join(admin_org, admin_email, role="admin")
            self.emails.append(admin_email)
        vendor_ids = {slug: self.owner(slug)["org_id"]
                      for slug in ("northwind", "helios", "tessera")}

        # Accounts of the public operations' own: one to log in to, one to reset.
        self.signup("login-target@sqlmap-scan.example", "Login Target Ltd")
        self.signup("reset-target@sqlmap-scan.example", "Reset Target Ltd")
        api.call("POST", "/api/v1/auth/password-reset",
                 {"email": "reset-target@sqlmap-scan.example"}, expect=202)
        reset_token = self.outbox.token("reset-target@sqlmap-scan.example", RESET_LINK)
        _, signup_invitation = self.invite("northwind", "signup-scan@sqlmap-scan.example")

        for role in self.roles:
            if role == "unauthenticated":
                slug, session = "northwind", None
                acting = northwind
            else:
                email, slug = ROLE_USERS[role]
                session = api.login(email, self.password)
                if session["role"] != role:
                    raise SetupError(f"{email} signed in as {session['role']}, not {role}")
                self.sessions[role] = session
                acting = session
            tag = role[:5]
            ctx = {"role": role, "org_id": acting["org_id"], "org_name": acting["org_name"],
                   "slug": slug, "vendor_id": vendor_ids["northwind"],
                   "carried_vendor": vendor_ids["helios"], "password": self.password}
            ctx["change_user"] = self.join(slug, f"change-{tag}@{slug}.example")
            ctx["remove_user"] = self.join(slug, f"remove-{tag}@{slug}.example")
            ctx["pending_invitation"], _ = self.invite(slug, f"pending-{tag}@{slug}.example")
            _, token, _ = api.call("POST", "/api/v1/api-tokens",
                                   {"name": f"revoke-{tag}", "role": "viewer"},
                                   session=self.owner(slug), expect=201)
            ctx["api_token"] = token["id"]
            # Another organisation's team invitation.
            inviter = "helios" if slug != "helios" else "tessera"
            _, ctx["team_token"] = self.invite(inviter, f"accept-{tag}@{inviter}-guests.example")
            takeup = f"takeup-{tag}@partners.example"
            api.call("POST", "/api/v1/relationships", {"email": takeup, "kind": "reseller"},
                     session=self.owner("tessera"), expect=201)
            ctx["network_token"] = self.outbox.token(takeup, SIGNUP_LINK)
            ctx["reset_token"] = reset_token
            ctx["signup_invitation"] = signup_invitation
            # A reseller with no relationship yet, to invite.
            ctx["other_org"] = self.signup(f"invitee-{tag}@sqlmap-scan.example",
                                           f"Invitee Reseller {tag}")["org"]["id"]
            ctx["relationships"] = choose_relationships(
                self.relationships(acting), acting["org_id"])
            ctx["relationship_cursor"] = self.cursor("/api/v1/relationships", acting)
            # A partner's logo: the scan removes the role's own organisation's logo.
            partners = [side for item in self.relationships(acting)
                        for side in (item["upstream"], item["downstream"])
                        if side["id"] != acting["org_id"] and "reseller" in side["kinds"]
                        and item["status"] == "active"]
            ctx["logo_org"] = partners[0]["id"] if partners else acting["org_id"]
            audit_reader = acting if role in ("owner", "admin") else self.owner(slug)
            ctx["audit_cursor"] = self.cursor("/api/v1/audit-events", audit_reader)
            ctx["session"] = session
            self.ctx[role] = ctx


def choose_relationships(items, org_id):
    """A relationship id per operation, in the state where the operation can go through, each a
    different one where the organisation has enough."""
    used = set()

    def pick(*preferences):
        for prefer in preferences:
            for item in items:
                if item["id"] not in used and prefer(item):
                    used.add(item["id"])
                    return item["id"]
        for prefer in preferences:
            for item in items:
                if prefer(item):
                    return item["id"]
        return items[0]["id"] if items else "0190aaaa-0000-7000-8000-000000000000"

    up = lambda item: item["upstream"]["id"] == org_id  # noqa: E731
    down = lambda item: item["downstream"]["id"] == org_id  # noqa: E731
    status = lambda s: (lambda item: item["status"] == s)  # noqa: E731
    both = lambda a, b: (lambda item: a(item) and b(item))  # noqa: E731
    any_item = lambda item: True  # noqa: E731
    return {
        "acceptRelationship": pick(both(down, status("invited")), status("invited"), any_item),
        "declineRelationship": pick(both(down, status("invited")), status("invited"), any_item),
        "reactivateRelationship": pick(both(up, status("suspended")), status("suspended"),
                                       any_item),
        "suspendRelationship": pick(both(up, status("active")), status("active"), any_item),
        "setAuthorizations": pick(
            lambda item: up(item) and item["status"] == "active" and item["kind"] == "reseller",
            status("active"), any_item),
        "endRelationship": pick(status("active"), any_item),
        "setRelationshipTier": pick(both(up, status("active")), up, any_item),
        "getRelationship": pick(status("active"), any_item),
    }


# ---------------------------------------------------------------------------------------------
# The operations and their parameters, from docs/openapi.yaml

def resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def leaves(spec, schema, prefix=""):
    """The leaf fields of a JSON body schema: 'name', 'brand.website', 'scopes.regions[0]'."""
    schema = resolve(spec, schema)
    if "allOf" in schema:
        out = []
        for part in schema["allOf"]:
            out += [leaf for leaf in leaves(spec, part, prefix) if leaf not in out]
        return out
    if schema.get("type") == "object" or "properties" in schema:
        out = []
        for name, sub in schema.get("properties", {}).items():
            out += leaves(spec, sub, f"{prefix}.{name}" if prefix else name)
        return out
    if schema.get("type") == "array":
        return leaves(spec, schema.get("items", {}), prefix + "[0]")
    return [prefix]


def operations(spec):
    ops = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method, op in item.items():
            if method == "parameters":
                continue
            params = [resolve(spec, p) for p in shared + op.get("parameters", [])]
            body = op.get("requestBody")
            fields, binary = [], False
            if body:
                content = body.get("content", {})
                if JSON_CT in content:
                    fields = leaves(spec, content[JSON_CT].get("schema", {}))
                else:
                    binary = True
            security = op.get("security", spec.get("security"))
            ops.append({
                "id": op["operationId"], "method": method.upper(), "path": path,
                "public": security == [],
                "path_params": [p["name"] for p in params if p["in"] == "path"],
                "query_params": [p["name"] for p in params if p["in"] == "query"],
                "fields": fields, "binary": binary,
            })
    return ops


# Sample values: a request that goes as far into the server as it can, per operation and field.
def path_value(op, name, ctx):
    if op["id"] in ctx["relationships"]:
        return ctx["relationships"][op["id"]]
    table = {
        "changeMember": ctx["change_user"],
        "removeMember": ctx["remove_user"],
        "revokeMemberInvitation": ctx["pending_invitation"],
        "revokeApiToken": ctx["api_token"],
        "getOrgLogo": ctx["logo_org"],
    }
    if op["id"] not in table:
        raise SetupError(f"no sample value for path parameter {name} of {op['id']}")
    return table[op["id"]]


def query_value(op, name, ctx):
    if name == "limit":
        return "5"
    if name == "cursor":
        key = "audit_cursor" if op["id"] == "listAuditEvents" else "relationship_cursor"
        return ctx[key] or "x"
    raise SetupError(f"no sample value for query parameter {name} of {op['id']}")


def body_for(op, field, ctx, serial):
    """The JSON body sent when scanning `field` of `op` (field None: the body for the header
    and path scans)."""
    role = ctx["role"][:5]
    scopes = {"regions": ["EMEA"], "vendors": [ctx["vendor_id"]], "departments": ["Sales"]}
    bodies = {
        "signup": {"email": f"signup-scan-{serial}@sqlmap-scan.example",
                   "password": "Sqlmap-scan-password-1", "name": "Scan Signup",
                   "org": {"name": f"Scan Org {serial}", "kinds": ["reseller"]}},
        "login": {"email": "login-target@sqlmap-scan.example", "password": ctx["password"]},
        "changePassword": {"current_password": ctx["password"],
                           "new_password": "Sqlmap-new-password-3"},
        "switchOrg": {"org_id": ctx["org_id"]},
        "requestPasswordReset": {"email": "reset-target@sqlmap-scan.example"},
        "completePasswordReset": {"token": ctx["reset_token"],
                                  "password": "Sqlmap-new-password-2"},
        "changeMember": {"role": "member", "scopes": scopes},
        "inviteMember": {"email": f"invitee-{role}-{serial}@sqlmap-scan.example",
                         "role": "member", "scopes": scopes},
        "acceptMemberInvitation": {"token": ctx["team_token"]},
        "createApiToken": {"name": f"scan token {serial}", "role": "viewer"},
        "changeOrgSettings": {"name": ctx["org_name"], "brand": {
            "primary_colour": "#1f6feb", "accent_colour": "#0b7285",
            "sender_name": ctx["org_name"], "sender_email": f"partners@{ctx['slug']}.example",
            "website": f"https://{ctx['slug']}.example", "postal_address": "1 Harbour Road, Leeds",
            "signature": f"The {ctx['org_name']} channel team"}},
        "inviteOrganisation": {"org_id": ctx["other_org"], "kind": "reseller"},
        "setRelationshipTier": {"tier": "Gold"},
        "setAuthorizations": {"vendor_ids": [ctx["carried_vendor"]]},
        "takeUpNetworkInvitation": {"token": ctx["network_token"]},
    }
    if op["id"] not in bodies:
        raise SetupError(f"no sample body for {op['id']}")
    body = copy.deepcopy(bodies[op["id"]])
    # Fields that only make sense without another one.
    if op["id"] == "signup" and field == "invitation":
        body = {"email": "signup-scan@sqlmap-scan.example", "password": "Sqlmap-scan-password-1",
                "name": "Scan Signup", "invitation": ctx["signup_invitation"]}
    if op["id"] == "inviteOrganisation" and field == "email":
        body = {"email": f"partner-{role}-{serial}@sqlmap-scan.example", "kind": "reseller"}
    return body


def mark(body, field):
    """The body as JSON with sqlmap's injection mark `*` at the end of `field`'s value."""
    marker = "QQSQLMAPMARKQQ"
    target = body
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", field)
    for part in parts[:-1]:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    last = parts[-1]
    key = int(last[1:-1]) if last.startswith("[") else last
    target[key] = f"{target[key]}{marker}"
    return json.dumps(body).replace(marker, "*")


# ---------------------------------------------------------------------------------------------
# Runs

class Run:
    def __init__(self, role, op, place, name, url, method, data, headers, cookie, phase,
                 session_op=None, param_filter=None, test_parameter=None, ignore_401=False,
                 json_body_marked=False, sign_in=None, headers_for=None):
        self.role, self.op, self.place, self.name = role, op, place, name
        self.url, self.method, self.data = url, method, data
        self.headers, self.cookie = headers, cookie
        self.phase, self.session_op = phase, session_op
        # When set, the run signs in just before it starts, and sends that session.
        self.sign_in, self.headers_for = sign_in, headers_for
        self.param_filter, self.test_parameter = param_filter, test_parameter
        self.ignore_401, self.json_body_marked = ignore_401, json_body_marked
        self.result, self.requests, self.seconds, self.detail = None, 0, 0.0, ""
        self.first_status, self.statuses = None, {}
        self.candidate = False
        self.technique = None     # sqlmap's --technique, for a retry
        self.retried = None       # the retry's Run

    @property
    def label(self):
        return f"{self.place}:{self.name}"


def plan(spec_ops, seed, args, api):
    """Every (role, operation, parameter) the options select, in the order they run."""
    runs = []
    serial = 0
    op_patterns = [p for p in (args.ops or "*").split(",") if p]
    skipped = []
    for role in seed.roles:
        ctx = seed.ctx[role]
        for op in spec_ops:
            if not any(fnmatch.fnmatchcase(op["id"], p) for p in op_patterns):
                continue
            public = op["public"]
            if public and role != "unauthenticated":
                skipped.append((role, op["id"], "the server reads no session here; scanned "
                                "as the unauthenticated visitor"))
                continue
            session = ctx["session"]
            phase = "main"
            session_op = None
            sign_in = None
            if session is not None and op["id"] in SESSION_ENDING:
                phase = "ending"
                session_op = op["id"]
                sign_in = (lambda email: lambda: api.login(email, seed.password))(
                    ROLE_USERS[role][0])
            elif op["id"] in LAST_OPS:
                phase = "last"
            own_user = session is not None and op["id"] in OWN_USER_OPS
            path = op["path"]
            path_values = {n: path_value(op, n, ctx) for n in op["path_params"]}
            query_values = {n: query_value(op, n, ctx) for n in op["query_params"]}

            def url_with(mark_path=None, mark_query=None):
                concrete = path
                for name, value in path_values.items():
                    concrete = concrete.replace(
                        "{" + name + "}", urllib.parse.quote(value) + ("*" if name == mark_path
                                                                       else ""))
                query = "&".join(f"{n}={urllib.parse.quote(v)}{'*' if n == mark_query else ''}"
                                 for n, v in query_values.items())
                return api.base + concrete + ("?" + query if query else "")

            def headers_with(csrf_mark=False, bearer_mark=False, binary=False):
                def build(session, op=op):  # called later too: bind this operation
                    headers = []
                    if op["fields"]:
                        headers.append(f"Content-Type: {JSON_CT}")
                    if binary:
                        headers.append("Content-Type: image/png")
                    if session is not None:
                        headers.append(
                            f"X-CSRF-Token: {session['csrf']}{'*' if csrf_mark else ''}")
                    if bearer_mark:
                        headers.append("Authorization: Bearer strata_" + "0" * 64 + "*")
                    return headers
                return build

            unauth = session is None

            def add(place, name, url, data, headers, **extra):
                nonlocal session
                if own_user:
                    session = seed.own_session(role)
                extra.setdefault("ignore_401", unauth or phase == "ending" or own_user)
                cookie = "strata_session=" + (session["cookie"] if session is not None
                                              else secrets.token_hex(32))
                runs.append(Run(role, op["id"], place, name, url, op["method"], data,
                                headers(session), cookie, phase, session_op=session_op,
                                sign_in=sign_in, headers_for=headers, **extra))

            def body(field):
                nonlocal serial
                serial += 1
                if op["binary"]:
                    return "not an image"
                if not op["fields"]:
                    return None
                return json.dumps(body_for(op, field, ctx, serial))

            for name in op["path_params"]:
                add("path", name, url_with(mark_path=name), body(None), headers_with(
                    binary=op["binary"]))
            for name in op["query_params"]:
                add("query", name, url_with(mark_query=name), body(None), headers_with())
            for field in op["fields"]:
                serial += 1
                add("body", field, url_with(), mark(body_for(op, field, ctx, serial), field),
                    headers_with(), json_body_marked=True)
            for place, name in STANDARD_HEADERS:
                add(place, name, url_with(), body(None), headers_with(binary=op["binary"]),
                    test_parameter=name, ignore_401=True)
            if session is not None:
                add("header", "X-CSRF-Token", url_with(), body(None),
                    headers_with(csrf_mark=True, binary=op["binary"]), ignore_401=True,
                    param_filter=CUSTOM_HEADER)
            else:
                add("header", "Authorization", url_with(), body(None),
                    headers_with(bearer_mark=True, binary=op["binary"]), ignore_401=True,
                    param_filter=CUSTOM_HEADER)
    order = {"main": 0, "ending": 1, "last": 2}
    ending_rank = {op: i for i, op in enumerate(SESSION_ENDING)}
    # The largest answers first: the audit trail grows with every change the scan makes, and
    # sqlmap compares whole pages.
    heavy = {op: i for i, op in enumerate(HEAVY_FIRST)}
    runs.sort(key=lambda r: (order[r.phase], ending_rank.get(r.session_op, 0),
                             heavy.get(r.op, len(heavy))))
    return runs, skipped


def command(run, args, api, out_dir):
    cmd = ["nice", "-n", "10", "sqlmap", "-u", run.url, "--method", run.method,
           "--batch", "--ignore-stdin", "--level=5", "--risk=3", "--flush-session",
           "--output-dir", out_dir, "--time-sec", str(args.time_sec),
           "--threads", str(args.threads), "--keep-alive", "--drop-set-cookie",
           "--disable-coloring", "-v", "5",
           "--cookie", run.cookie, "--host", api.address, "--referer", api.base + "/",
           "--timeout", "30", "--retries", "2"]
    if args.dbms:
        cmd += ["--dbms", args.dbms]
    if run.technique:
        cmd += ["--technique", run.technique]
    if run.data is not None:
        cmd += ["--data", run.data]
    if run.headers:
        cmd += ["--headers", "\n".join(run.headers)]
    if run.test_parameter:
        cmd += ["-p", run.test_parameter]
    if run.param_filter:
        cmd += ["--param-filter", run.param_filter]
    # 404: one-shot operations (remove, revoke, accept) answer 404 from their second request on,
    # and sqlmap would stop there; the id still goes to the database, so it is tested.
    # 401: expected where the session is bad or gone; elsewhere it stops the run (a lost session).
    cmd += ["--ignore-code", "401,404" if run.ignore_401 else "404"]
    # A random token that starts with 999 looks to sqlmap like a leftover of a manual test.
    answers = ["try URI injections=N", "really sure=Y"]
    if args.full_union:
        # Every UNION column count level 5 tries (1 to 50), even when no other technique found
        # anything; --batch alone answers Y and tries 1 to 10.
        answers.append("reduce the number of requests=N")
    if not run.json_body_marked:
        # The JSON body is only sent as it is: sqlmap would otherwise mark all its fields.
        answers.append("JSON data found=N")
    cmd += ["--answers", ",".join(answers)]
    return cmd


NOT_INJECTABLE = re.compile(
    r"all tested parameters do not appear to be injectable|"
    r"parameter '[^']*' does not seem to be injectable")
# sqlmap's verdict. "appears to be ... injectable" is only a candidate, which sqlmap then checks
# and may reject as a false positive.
INJECTABLE = re.compile(r"sqlmap identified the following injection point|"
                        r"parameter '[^']*' is vulnerable")
CANDIDATE = re.compile(r"appears to be '[^']*' injectable|"
                       r"false positive or unexploitable injection point detected")


TECHNIQUES = {"boolean-based": "B", "error-based": "E", "UNION": "U", "stacked": "S",
              "time-based": "T", "inline": "Q"}


def execute(run, args, api, work):
    """Runs sqlmap for one parameter. When sqlmap rejected a candidate as a false positive, it
    skipped the tests that no longer fitted the candidate's clause: a second run without the
    candidate's technique sends them (a page that reflects what it stores, or one that another
    run changes meanwhile, makes boolean-based tests see differences that are not injections)."""
    single(run, args, api, work)
    if run.candidate and run.result == "not injectable" and run.technique is None:
        found = set()
        for title in re.findall(r"appears to be '([^']*)' injectable", run.detail):
            found |= {letter for word, letter in TECHNIQUES.items() if word in title}
        rest = "".join(letter for letter in "BEUSTQ" if letter not in found)
        if found and rest:
            retry = copy.copy(run)
            retry.technique, retry.requests, retry.statuses = rest, 0, {}
            retry.first_status, retry.candidate, retry.detail = None, False, ""
            single(retry, args, api, work)
            run.retried = retry
            run.requests += retry.requests
            run.seconds += retry.seconds
            if retry.result != "not injectable":
                run.result = retry.result
            run.detail += f"\nsecond run with --technique {rest}: {retry.result}"
            if retry.detail:
                run.detail += "\n" + retry.detail
    return run


def single(run, args, api, work):
    name = f"{run.role}-{run.op}-{run.place}-{run.name}" + (
        f"-{run.technique}" if run.technique else "")
    out_dir = os.path.join(work, "runs",
                           name.replace("/", "_").replace("[", "_").replace("]", "_"))
    os.makedirs(out_dir, exist_ok=True)
    if run.sign_in:
        try:
            session = run.sign_in()
        except (SetupError, OSError) as error:
            run.result, run.detail = "ERROR", f"could not sign in: {error}"
            return run
        run.cookie = "strata_session=" + session["cookie"]
        run.headers = run.headers_for(session)
    cmd = command(run, args, api, out_dir)
    with open(os.path.join(out_dir, "command.json"), "w") as handle:
        json.dump(cmd, handle)
    # -v 5 prints every request and every answer's status and headers (not its body), which
    # are counted here and left out of the saved output. (sqlmap's -t traffic file holds the
    # bodies too and reaches gigabytes when answers are large.)
    statuses = {}
    kept = []
    injectable = False
    started = time.monotonic()
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    timer = threading.Timer(args.run_timeout, process.kill)
    timer.start()
    in_traffic = False
    for raw in process.stdout:
        line = raw.decode(errors="replace").rstrip("\r\n").lstrip("\r")
        injectable = injectable or bool(INJECTABLE.search(line))
        traffic = TRAFFIC_LINE.match(line)
        if traffic:
            in_traffic = True
            if traffic.group(1) == "OUT":
                run.requests += 1
            else:
                status = traffic.group(2) or "?"
                run.first_status = run.first_status or status
                statuses[status] = statuses.get(status, 0) + 1
            continue
        if in_traffic and not END_OF_TRAFFIC.match(line):
            continue
        in_traffic = False
        if not PAYLOAD_LINE.match(line):
            kept.append(line)
    process.wait()
    timed_out = timer.is_alive() is False and process.returncode == -9
    timer.cancel()
    run.seconds = time.monotonic() - started
    run.statuses = statuses
    if timed_out:
        kept.append(f"[CRITICAL] run stopped after {args.run_timeout} s")
    output = "\n".join(kept) + "\n"
    with open(os.path.join(out_dir, "stdout.txt"), "w") as handle:
        handle.write(output)
    if injectable and not INJECTABLE.search(output):
        output += "sqlmap identified the following injection point (inside its traffic log)\n"
    if INJECTABLE.search(output):
        run.result = "INJECTABLE"
        run.detail = "\n".join(line for line in output.splitlines()
                               if re.search(r"Parameter:|Type:|Title:|Payload:|vulnerable|"
                                            r"injectable", line))
    elif NOT_INJECTABLE.search(output):
        run.result = "not injectable"
        if CANDIDATE.search(output):
            run.candidate = True
            run.detail = "\n".join(line for line in output.splitlines() if CANDIDATE.search(line))
    else:
        run.result = "ERROR"
        criticals = [line for line in output.splitlines() if "[CRITICAL]" in line
                     or "[ERROR]" in line]
        run.detail = "\n".join(criticals[-3:]) or output[-600:]
    return run


# ---------------------------------------------------------------------------------------------
# The server's log

def server_log_lines(path, start=0):
    entries = []
    with open(path, "rb") as handle:
        handle.seek(start)
        for raw in handle:
            try:
                entries.append(json.loads(raw))
            except ValueError:
                entries.append({"unparsed": raw.decode(errors="replace").strip()})
    return entries


def request_entries(entries):
    return [e for e in entries if "status" in e and "route" in e]


# ---------------------------------------------------------------------------------------------

def roles_in(runs):
    return sorted({r.role for r in runs}, key=ROLES.index)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--demo-output", required=True)
    parser.add_argument("--server-log", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--openapi", required=True)
    parser.add_argument("--engine", required=True)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--ops", default="")
    parser.add_argument("--params", default="")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--time-sec", type=int, default=3)
    parser.add_argument("--dbms", default="")
    parser.add_argument("--run-timeout", type=int, default=3600)
    parser.add_argument("--full-union", action="store_true")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    roles = [r for r in args.roles.split(",") if r]
    for role in roles:
        if role not in ROLES:
            log(f"sqlmap: unknown role {role}; choose from {', '.join(ROLES)}")
            return 2
    api = Api(args.address)
    with open(args.openapi) as handle:
        spec = yaml.safe_load(handle)
    spec_ops = operations(spec)
    with open(args.demo_output) as handle:
        demo_text = handle.read()

    started = time.monotonic()
    seed = Seed(api, args.data_dir, demo_text, roles)
    try:
        seed.run()
        runs, skipped = plan(spec_ops, seed, args, api)
    except SetupError as error:
        log(f"sqlmap: setup failed: {error}")
        return 2
    param_patterns = [p for p in args.params.split(",") if p]
    if param_patterns:
        runs = [r for r in runs if any(fnmatch.fnmatchcase(r.label, p) for p in param_patterns)]
    log(f"sqlmap [{args.engine}]: setup took {time.monotonic() - started:.0f} s; "
        f"{len(runs)} parameters to test with {args.jobs} sqlmap processes at a time")
    if args.dry_run:
        for run in runs:
            print(f"{run.phase:6} {run.role:15} {run.op:26} {run.label:34} "
                  f"{' '.join(command(run, args, api, '/tmp/x'))}")
        return 0

    log_offset = os.path.getsize(args.server_log)
    lock = threading.Lock()
    done = 0
    scan_started = time.monotonic()

    def report(run):
        nonlocal done
        with lock:
            done += 1
            answers = " ".join(f"{status}x{count}" for status, count in
                               sorted(run.statuses.items(), key=lambda kv: -kv[1]))
            print(f"{run.role:15} {run.op:26} {run.label:34} {run.result:15} "
                  f"{run.requests:6} requests {run.seconds:5.0f} s  first answer "
                  f"{run.first_status or '-'}, answers {answers or '-'}  [{done}/{len(runs)}]",
                  flush=True)
            if run.detail:
                for line in run.detail.splitlines():
                    print("    " + line, flush=True)

    phases = {}
    for run in runs:
        phases.setdefault(run.phase, []).append(run)
    for phase in ("main", "ending", "last"):
        batch = phases.get(phase, [])
        if not batch:
            continue
        if phase == "ending":
            # Per role in order: switchOrg, logout, then logoutEverywhere, which ends them all.
            chains = {}
            for run in batch:
                chains.setdefault(run.role, []).append(run)

            def chain(items):
                for op in SESSION_ENDING:
                    for run in (r for r in items if r.session_op == op):
                        report(execute(run, args, api, args.work))

            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                list(pool.map(chain, chains.values()))
        else:
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                futures = [pool.submit(execute, run, args, api, args.work) for run in batch]
                for future in concurrent.futures.as_completed(futures):
                    report(future.result())
    scan_seconds = time.monotonic() - scan_started

    entries = server_log_lines(args.server_log, log_offset)
    requests = request_entries(entries)
    server_errors = [e for e in requests if int(e.get("status", 0)) >= 500]
    logged_errors = [e for e in entries if str(e.get("level", "")).lower() in ("error",
                                                                              "critical")]
    injections = [r for r in runs if r.result == "INJECTABLE"]
    failures = [r for r in runs if r.result == "ERROR"]
    candidates = [r for r in runs if r.candidate]

    print()
    if skipped:
        reasons = {}
        for role, op, reason in skipped:
            reasons.setdefault((op, reason), []).append(role)
        for (op, reason), who in sorted(reasons.items()):
            print(f"not run as {', '.join(who)}: {op} ({reason})")
    if server_errors:
        by_route = {}
        for entry in server_errors:
            key = f"{entry.get('method', '?')} {entry.get('route')} {entry.get('status')}"
            by_route[key] = by_route.get(key, 0) + 1
        print("server 5xx answers during the scan, by route:")
        for key, count in sorted(by_route.items(), key=lambda kv: -kv[1]):
            print(f"  {count:7}  {key}")
    if logged_errors:
        print(f"server log lines at level error during the scan: {len(logged_errors)}; "
              "the first few:")
        for entry in logged_errors[:5]:
            print("  " + json.dumps(entry)[:400])
    for run in injections:
        print(f"INJECTION: {run.role} {run.op} {run.label}; sqlmap's output is in "
              f"{os.path.join(args.work, 'runs')}")
    for run in candidates:
        print(f"candidate that sqlmap rejected as a false positive: {run.role} {run.op} "
              f"{run.label}")
    for run in failures:
        print(f"FAILED RUN: {run.role} {run.op} {run.label}: {run.detail.splitlines()[-1:]}")
    for role in roles_in(runs):
        mine = [r for r in runs if r.role == role]
        busy = sum(r.seconds for r in mine)
        print(f"  {role}: {len(mine)} parameters, {sum(r.requests for r in mine)} requests, "
              f"{busy / 60:.1f} min of sqlmap time (about {busy / 60 / args.jobs:.1f} min with "
              f"{args.jobs} at a time)")
    sent = sum(r.requests for r in runs)
    minutes, seconds = divmod(int(scan_seconds), 60)
    roles_tested = roles_in(runs)
    ops_tested = len({r.op for r in runs})
    print(f"sqlmap summary [{args.engine}]: {len(runs)} parameters tested "
          f"({ops_tested} operations; roles {', '.join(roles_tested)}; level 5, risk 3"
          f"{', dbms ' + args.dbms if args.dbms else ', every dbms'}"
          f"{', UNION 1-50 columns' if args.full_union else ''}) in {minutes} min "
          f"{seconds} s; sqlmap sent {sent} requests, the server logged {len(requests)}; "
          f"{len(server_errors)} answers 5xx; {len(failures)} failed runs; "
          f"{len(candidates)} candidates rejected by sqlmap as false positives; "
          f"{len(injections)} injections found", flush=True)
    return 1 if injections or failures else 0


if __name__ == "__main__":
    sys.exit(main())
