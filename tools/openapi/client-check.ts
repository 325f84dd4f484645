// Type-checked in CI (scripts/test.sh, "openapi" phase) against the client generated from /openapi/v1.json by
// openapi-typescript: real calls of API.md, written as a client would write them, with no casts. A contract change
// that breaks a client (a renamed field, an integer typed as a string, a request field wrongly required, a nullable
// enum a client cannot compare) fails the build here. Nothing here is run.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api";

type Schemas = components["schemas"];
type Problem = Schemas["ProblemDetails"];

const api = createClient<paths>({ baseUrl: "http://localhost:5080" });

/** A problem answer as every error of the API is written: a stable code and a Chinese message. */
function explain(problem: Problem): string {
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join("；")}`);
  return [problem.code, problem.status.toString(), problem.detail ?? "", ...fields].join(" ");
}

export async function signIn(userName: string, password: string): Promise<string> {
  const { data, error } = await api.POST("/api/v1/auth/token", { body: { userName, password } });
  if (error) {
    throw new Error(explain(error));
  }
  // expiresIn is a number of seconds, not a string.
  const seconds: number = data.expiresIn;
  return seconds > 0 ? data.accessToken : "";
}

export async function organization(token: string, id: number): Promise<string> {
  const { data, error, response } = await api.GET("/api/v1/orgs/{id}", {
    params: { path: { id } },
    headers: { Authorization: `Bearer ${token}` },
  });
  if (error) {
    throw new Error(`${response.status} ${explain(error)}`);
  }
  const parent: number | null = data.parentId;
  const kind: "committee" | "workingCommittee" | "generalBranch" | "branch" | "group" = data.kind;
  return `${data.name} (${kind}) under ${parent ?? "none"}`;
}

export async function addMember(token: string, orgId: number): Promise<number> {
  const { data, error, response } = await api.POST("/api/v1/members", {
    headers: { Authorization: `Bearer ${token}` },
    body: {
      system: "league",
      orgId,
      stage: "member",
      joinedOn: "2020-05-04",
      person: { name: "张三", gender: "1", ethnicity: "01", birthDate: "2004-01-02", idNumber: "110101200401020011" },
    },
  });
  if (error) {
    // 400 validation_failed, 409 duplicate ID number, ...
    throw new Error(`${response.status} ${explain(error)}`);
  }
  // 201 Created with the new member; its Location header names it.
  const location: string | null = response.headers.get("Location");
  const ended: "transferredOut" | "left" | "agedOut" | "expelled" | "deceased" | null = data.endReason;
  return ended === null && location !== null ? data.id : -1;
}

export async function activeMembers(token: string, orgId: number): Promise<string[]> {
  const names: string[] = [];
  for (let page = 1; ; page++) {
    const { data, error } = await api.GET("/api/v1/members", {
      headers: { Authorization: `Bearer ${token}` },
      params: { query: { orgId, subtree: true, state: "active", page, pageSize: 100 } },
    });
    if (error) {
      throw new Error(explain(error));
    }
    for (const member of data.items) {
      names.push(`${member.person.name} ${member.stage} ${member.joinedOn ?? ""}`);
    }
    if (page * data.pageSize >= data.total) {
      return names;
    }
  }
}

export async function transferOutside(token: string, memberId: number): Promise<number> {
  // outside without toOrgId: neither is required on its own.
  const { data, error } = await api.POST("/api/v1/transfers", {
    headers: { Authorization: `Bearer ${token}` },
    body: { memberId, outside: { orgName: "某省某市某公司团委" }, reason: "work" },
  });
  if (error) {
    throw new Error(explain(error));
  }
  const state: Schemas["TransferState"] = data.state;
  return state === "pendingOut" ? data.id : 0;
}

export async function planMeeting(token: string, orgId: number): Promise<number> {
  const { data, error } = await api.POST("/api/v1/meetings", {
    headers: { Authorization: `Bearer ${token}` },
    body: { orgId, type: "committee", date: "2024-05-06" },
  });
  if (error) {
    throw new Error(explain(error));
  }
  return data.id;
}
