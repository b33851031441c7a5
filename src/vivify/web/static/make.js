// Make a story: photo → wish → plan (cards, sliders, the motion brush) → make → post.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const { t, api, say } = vivify;
  const catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  const $ = (id) => document.getElementById(id);
  let draft = null; // {id, needs_people_consent}
  let plan = null; // the plan as the server made it
  let specs = []; // the cards: {name, params, because, on, polygons}
  let painting = null; // the spec being painted

  // --- 1. Photo
  const input = $("photo-input");
  const drop = $("drop");
  input.addEventListener("change", () => input.files[0] && upload(input.files[0]));
  if (input.files[0]) upload(input.files[0]); // chosen before this script ran (a slow network)
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    if (event.dataTransfer.files[0]) upload(event.dataTransfer.files[0]);
  });

  async function upload(file) {
    $("photo-error").textContent = "";
    const local = URL.createObjectURL(file); // shown at once where the browser can draw it
    $("photo").src = local;
    $("photo").alt = file.name;
    $("photo-stage").hidden = false;
    $("overlay").hidden = true;
    $("photo-busy").hidden = false;
    const body = new FormData();
    body.append("photo", file);
    try {
      showPhoto(await api("POST", "/api/photos", body));
    } catch (error) {
      $("photo-error").textContent = error.message;
      $("photo-stage").hidden = true;
    } finally {
      $("photo-busy").hidden = true;
    }
  }

  function showPhoto(found) {
    draft = found;
    $("photo").src = found.preview; // the server's copy: HEIC shows too, metadata gone
    $("overlay").src = found.overlay;
    $("photo-stage").hidden = false;
    $("overlay-toggle-label").hidden = false;
    $("sees").textContent = seesText(found.sees);
    $("step-wish").hidden = false;
  }

  function seesText(sees) {
    if (!sees) return "";
    const parts = ["sky", "water", "vegetation", "person"]
      .filter((name) => sees[name] >= 0.02)
      .map((name) => t("sees." + name) + " " + Math.round(100 * sees[name]) + "%");
    if (sees.faces) parts.push(t("sees.faces", { n: sees.faces }));
    return t("make.sees") + ": " + (parts.length ? parts.join(", ") : t("sees.nothing"));
  }

  $("overlay-toggle").addEventListener("change", (event) => {
    $("overlay").hidden = !event.target.checked;
  });

  // --- 2. Wish
  for (const chip of document.querySelectorAll(".chip")) {
    chip.addEventListener("click", () => {
      $("prompt").value = chip.textContent;
      $("prompt").focus();
    });
  }
  $("understand").addEventListener("click", async () => {
    if (!draft) return;
    $("wish-error").textContent = "";
    $("plan-busy").hidden = false;
    $("understand").disabled = true;
    try {
      const made = await api("POST", `/api/drafts/${draft.id}/plan`, { prompt: $("prompt").value });
      showPlan(made.plan);
    } catch (error) {
      $("wish-error").textContent = error.message;
    } finally {
      $("plan-busy").hidden = true;
      $("understand").disabled = false;
    }
  });

  // --- 3. Plan
  function showPlan(made) {
    plan = made;
    specs = made.effects.map((spec) => ({
      name: spec.name,
      params: { ...spec.params },
      because: spec.because || [],
      on: true,
      polygons: (spec.region && (spec.region.polygons || (spec.region.polygon ? [spec.region.polygon] : []))) || [],
    }));
    renderCards();
    $("unmatched").hidden = !made.unmatched.length;
    $("unmatched").textContent = t("make.not_understood") + ": " + made.unmatched.join(", ");
    $("step-plan").hidden = false;
    $("h-plan").scrollIntoView({ behavior: "smooth" });
  }

  function renderCards() {
    const cards = $("cards");
    cards.replaceChildren(...specs.map((spec, n) => card(spec, n)));
    $("no-effects").hidden = specs.some((s) => s.on);
    const add = $("add-effect");
    const present = new Set(specs.map((s) => s.name));
    add.replaceChildren(...Object.entries(catalogue)
      .filter(([name]) => !present.has(name))
      .map(([name, info]) => new Option(info.title, name)));
    const faces = specs.some((s) => s.on && catalogue[s.name] && catalogue[s.name].faces);
    $("consent-box").hidden = !(faces && draft && draft.needs_people_consent);
    drawPaint();
  }

  function card(spec, n) {
    const info = catalogue[spec.name];
    const box = document.createElement("article");
    box.className = "card effect" + (spec.on ? "" : " off");
    box.setAttribute("aria-labelledby", `effect-${n}`);
    const title = document.createElement("h4");
    title.id = `effect-${n}`;
    title.textContent = info.title;
    const about = document.createElement("p");
    about.textContent = info.summary;
    const because = document.createElement("p");
    because.className = "because";
    because.textContent = spec.because.length
      ? t("make.because") + " “" + spec.because.join("”, “") + "”"
      : t("make.default_because");
    const use = document.createElement("label");
    use.className = "check";
    const toggle = document.createElement("input");
    toggle.type = "checkbox";
    toggle.checked = spec.on;
    toggle.addEventListener("change", () => { spec.on = toggle.checked; renderCards(); });
    use.append(toggle, " " + t("make.effect_on"));
    box.append(title, about, because, use);
    for (const [name, p] of Object.entries(info.params)) {
      if (typeof p.default !== "number" || p.min === null) continue;
      const row = document.createElement("div");
      row.className = "row";
      const id = `p-${n}-${name}`;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = p.title;
      const slider = document.createElement("input");
      slider.type = "range";
      slider.id = id;
      slider.min = p.min;
      slider.max = p.max;
      slider.step = "0.01";
      slider.value = spec.params[name] ?? p.default;
      slider.disabled = !spec.on;
      if (p.doc) slider.title = p.doc;
      const shown = document.createElement("output");
      shown.htmlFor = id;
      shown.textContent = Number(slider.value).toFixed(2).replace(/\.?0+$/, "");
      slider.addEventListener("input", () => {
        spec.params[name] = Number(slider.value);
        shown.textContent = Number(slider.value).toFixed(2).replace(/\.?0+$/, "");
      });
      row.append(label, slider, shown);
      box.append(row);
    }
    if (info.stage !== "camera") {
      const paint = document.createElement("button");
      paint.type = "button";
      paint.className = "secondary";
      paint.textContent = t("make.paint") + (spec.polygons.length ? ` (${t("make.painted")})` : "");
      paint.disabled = !spec.on;
      paint.addEventListener("click", () => startPainting(spec));
      box.append(paint);
      if (spec.polygons.length) {
        const clear = document.createElement("button");
        clear.type = "button";
        clear.className = "secondary";
        clear.textContent = t("make.paint_clear");
        clear.addEventListener("click", () => { spec.polygons = []; renderCards(); });
        box.append(clear);
      }
    }
    return box;
  }

  $("add-button").addEventListener("click", () => {
    const name = $("add-effect").value;
    if (!name) return;
    specs.push({ name, params: {}, because: [], on: true, polygons: [] });
    renderCards();
  });

  // --- the motion brush: draw around where an effect should happen (polygons in 0..1)
  const brush = $("brush");
  let stroke = null;
  function startPainting(spec) {
    painting = spec;
    const image = $("photo");
    brush.width = image.clientWidth;
    brush.height = image.clientHeight;
    brush.hidden = false;
    $("paint-hint").hidden = false;
    $("photo-stage").scrollIntoView({ block: "center" });
    drawPaint();
  }
  function point(event) {
    const box = brush.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    const y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    return [Number(x.toFixed(4)), Number(y.toFixed(4))];
  }
  brush.addEventListener("pointerdown", (event) => {
    if (!painting) return;
    brush.setPointerCapture(event.pointerId);
    stroke = [point(event)];
  });
  brush.addEventListener("pointermove", (event) => {
    if (!stroke) return;
    const next = point(event);
    const last = stroke[stroke.length - 1];
    if (Math.hypot(next[0] - last[0], next[1] - last[1]) > 0.01) stroke.push(next);
    drawPaint();
  });
  brush.addEventListener("pointerup", () => {
    if (stroke && stroke.length >= 3 && painting) painting.polygons.push(stroke);
    stroke = null;
    drawPaint();
  });
  function drawPaint() {
    if (brush.hidden) return;
    const g = brush.getContext("2d");
    g.clearRect(0, 0, brush.width, brush.height);
    const shapes = [...(painting ? painting.polygons : []), ...(stroke ? [stroke] : [])];
    g.fillStyle = "rgba(11, 87, 208, 0.35)";
    g.strokeStyle = "#0b57d0";
    g.lineWidth = 2;
    for (const shape of shapes) {
      g.beginPath();
      shape.forEach(([x, y], i) => (i ? g.lineTo(x * brush.width, y * brush.height) : g.moveTo(x * brush.width, y * brush.height)));
      g.closePath();
      g.fill();
      g.stroke();
    }
  }
  $("paint-done").addEventListener("click", () => {
    painting = null;
    brush.hidden = true;
    $("paint-hint").hidden = true;
    renderCards();
  });

  // --- 4. Make
  $("make").addEventListener("click", async () => {
    $("plan-error").textContent = "";
    const effects = specs.filter((s) => s.on).map((s) => {
      const out = { name: s.name, params: s.params, because: s.because };
      if (s.polygons.length) out.region = { polygons: s.polygons };
      return out;
    });
    const edited = { ...plan, effects };
    try {
      await api("POST", `/api/drafts/${draft.id}/make`, {
        plan: edited,
        people_consent: $("consent").checked,
      });
    } catch (error) {
      $("plan-error").textContent = error.message;
      return;
    }
    for (const id of ["make", "understand", "add-button"]) $(id).disabled = true;
    $("step-make").hidden = false;
    $("h-make").scrollIntoView({ behavior: "smooth" });
    follow(draft.id);
  });

  function follow(id) {
    const events = new EventSource(`/api/drafts/${id}/events`);
    events.addEventListener("state", (event) => {
      const state = JSON.parse(event.data);
      const stage = state.status === "queued" ? "queued" : state.stage;
      $("stage-name").textContent = t("stage." + stage) || stage;
      if (state.stage === "render" && state.progress.total) {
        $("progress").max = state.progress.total;
        $("progress").value = state.progress.done;
      }
      if (["done", "failed", "blocked", "cancelled"].includes(state.status)) {
        events.close();
        finished(state);
      }
    });
    events.addEventListener("gone", () => events.close());
  }

  function finished(state) {
    if (state.status === "done") {
      $("stage-name").textContent = t("status.done");
      $("progress").value = $("progress").max;
      $("preview").src = `/api/drafts/${state.id}/video`;
      $("preview-box").hidden = false;
      $("step-post").hidden = false;
      return;
    }
    $("stage-name").textContent = t(state.status === "blocked" ? "make.blocked" : "make.failed");
    $("blocked").textContent = state.reason || t("error.generic");
    $("blocked").hidden = false;
    $("again").hidden = false;
  }

  // --- 5. Post or discard
  $("post").addEventListener("click", async () => {
    const visibility = document.querySelector("input[name=visibility]:checked").value;
    $("post").disabled = true;
    try {
      await api("POST", `/api/drafts/${draft.id}/publish`, { visibility });
      say(t("make.posted"));
      location.href = "/";
    } catch (error) {
      $("post-error").textContent = error.message;
      $("post").disabled = false;
    }
  });
  $("discard").addEventListener("click", async () => {
    await api("DELETE", `/api/drafts/${draft.id}`).catch(() => null);
    location.href = "/make";
  });

  // An existing draft, from "My drafts"
  const asked = new URLSearchParams(location.search).get("draft");
  if (asked) {
    api("GET", `/api/drafts/${asked}`).then((state) => {
      showPhoto({
        id: state.id,
        preview: `/api/drafts/${state.id}/preview`,
        overlay: `/api/drafts/${state.id}/overlay`,
        sees: null,
        needs_people_consent: false,
      });
      if (state.status === "done") {
        $("step-make").hidden = false;
        finished(state);
      }
    }).catch((error) => { $("photo-error").textContent = error.message; });
  }
});
