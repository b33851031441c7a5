// vivify's shared page code: words, the API with the session's CSRF token, and the small forms.
"use strict";

const vivify = (() => {
  const words = JSON.parse(document.getElementById("words").textContent);

  function t(key, values) {
    let text = words[key] || key;
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  function csrf() {
    const found = document.cookie.split("; ").find((c) => c.startsWith("vivify_csrf="));
    return found ? decodeURIComponent(found.slice("vivify_csrf=".length)) : "";
  }

  // fetch with the CSRF token; a refusal becomes an Error carrying the server's sentence.
  async function api(method, url, body) {
    const init = { method, headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" };
    if (body instanceof FormData) {
      init.body = body;
    } else if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const answer = await fetch(url, init);
    if (answer.status === 204) return null;
    let data = null;
    try {
      data = await answer.json();
    } catch (e) {
      data = null;
    }
    if (!answer.ok) {
      const error = new Error((data && data.detail) || t("error.generic"));
      error.status = answer.status;
      error.data = data;
      throw error;
    }
    return data;
  }

  function say(text) {
    const toast = document.getElementById("toast");
    toast.textContent = text;
    setTimeout(() => {
      if (toast.textContent === text) toast.textContent = "";
    }, 5000);
  }

  function showError(form, error) {
    const slot = form.querySelector(".error");
    if (slot) slot.textContent = error.message;
  }

  // What a provenance report proves, in plain words, as list items.
  function credentialLines(report) {
    const lines = [];
    const c2pa = report.c2pa || {};
    const recovered = report.recovered;
    // A mark whose manifest does not describe this video lends it none of that manifest's claims.
    const transplanted = Boolean(recovered && recovered.describes_this_video === false);
    const claims = (recovered && !transplanted && recovered.claims) || c2pa.claims || {};
    if (report.ai_generated) {
      lines.push(t("cr.ai", { agent: claims.software_agent || "vivify" }));
    }
    if (claims.engine) lines.push(t("cr.engine", { engine: claims.engine }));
    if (claims.model) {
      lines.push(t("cr.model", { name: claims.model.name || "?", version: claims.model.version || "?" }));
    }
    const effects = Object.entries(claims.effects || {}).map(([n, v]) => n + " " + v);
    if (report.ai_generated) {
      lines.push(effects.length ? t("cr.effects", { effects: effects.join(", ") }) : t("cr.no_effects"));
    }
    const state = { Trusted: "cr.trusted", Valid: "cr.valid", Invalid: "cr.invalid" }[c2pa.state] || "cr.none";
    lines.push(t(state));
    if (c2pa.signer) lines.push(t("cr.signer", { signer: c2pa.signer }));
    if (c2pa.signed_at) lines.push(t("cr.when", { when: new Date(c2pa.signed_at).toLocaleString() }));
    const mark = report.watermark || {};
    if (transplanted) {
      lines.push(t("cr.transplanted", { payload: mark.payload }));
    } else {
      lines.push(mark.found ? t("cr.watermark", { payload: mark.payload }) : t("cr.no_watermark"));
      if (recovered) lines.push(t("cr.recovered"));
    }
    const training = claims.training_mining || {};
    const uses = new Set(Object.values(training));
    if (uses.size === 1) lines.push(uses.has("allowed") ? t("cr.training_yes") : t("cr.training_no"));
    return lines;
  }

  function fillList(list, lines) {
    list.replaceChildren(...lines.map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
  }

  function bindForms() {
    for (const id of ["signin-form", "signup-form"]) {
      const form = document.getElementById(id);
      if (!form) continue;
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const data = new FormData(form);
        try {
          await api("POST", form.dataset.endpoint, {
            username: String(data.get("username")).trim().toLowerCase(),
            password: String(data.get("password")),
          });
          location.href = "/";
        } catch (error) {
          showError(form, error);
        }
      });
    }
    const signout = document.getElementById("signout");
    if (signout) {
      signout.addEventListener("click", async () => {
        await api("DELETE", "/api/session").catch(() => null);
        location.href = "/";
      });
    }
    const follow = document.getElementById("follow-form");
    if (follow) {
      follow.addEventListener("submit", async (event) => {
        event.preventDefault();
        const name = follow.querySelector("input").value.trim().toLowerCase();
        try {
          await api("PUT", "/api/follows/" + encodeURIComponent(name));
          location.reload();
        } catch (error) {
          say(error.message);
        }
      });
    }
    for (const button of document.querySelectorAll("[data-delete]")) {
      button.addEventListener("click", async () => {
        try {
          await api("DELETE", button.dataset.delete);
          button.closest("li").remove();
        } catch (error) {
          say(error.message);
        }
      });
    }
    const consent = document.getElementById("consent-form");
    if (consent) {
      consent.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await api("PUT", "/api/me/consent", { training: document.getElementById("training").checked });
          say(t("privacy.saved"));
        } catch (error) {
          say(error.message);
        }
      });
    }
    const remove = document.getElementById("delete-form");
    if (remove) {
      remove.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
          await api("DELETE", "/api/me", { password: document.getElementById("delete-password").value });
          location.href = "/";
        } catch (error) {
          showError(remove, error);
        }
      });
    }
    const verify = document.getElementById("verify-form");
    if (verify) {
      verify.addEventListener("submit", async (event) => {
        event.preventDefault();
        const file = document.getElementById("verify-file").files[0];
        if (!file) return;
        const body = new FormData();
        body.append("video", file);
        const busy = document.getElementById("verify-busy");
        busy.hidden = false;
        verify.querySelector(".error").textContent = "";
        try {
          const report = await api("POST", "/api/verify", body);
          fillList(document.getElementById("verify-list"), credentialLines(report));
          document.getElementById("verify-result").hidden = false;
        } catch (error) {
          showError(verify, error);
        } finally {
          busy.hidden = true;
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", bindForms);
  return { t, api, say, credentialLines, fillList };
})();
