// The story viewer: full screen, a segment bar per story, tap or swipe to move on, arrow keys,
// sound on or off, the AI-generated label before and during playback, and the Content
// Credentials panel in plain words.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const { t, api, credentialLines, fillList } = vivify;
  const stories = JSON.parse(document.getElementById("stories").textContent);
  const viewer = document.getElementById("viewer");
  const video = document.getElementById("viewer-video");
  const segments = document.getElementById("segments");
  const sound = document.getElementById("viewer-sound");
  const crButton = document.getElementById("viewer-cr");
  const crPanel = document.getElementById("cr-panel");
  let index = 0;
  let opener = null;

  function bars() {
    segments.replaceChildren(...stories.map((_, n) => {
      const bar = document.createElement("span");
      const fill = document.createElement("i");
      fill.style.width = n < index ? "100%" : "0";
      bar.append(fill);
      return bar;
    }));
  }

  async function show(n) {
    if (n < 0) n = 0;
    if (n >= stories.length) return close();
    index = n;
    const story = stories[n];
    bars();
    crPanel.hidden = true;
    crButton.setAttribute("aria-expanded", "false");
    document.getElementById("viewer-author").textContent = t("viewer.by", { name: story.author });
    video.src = story.video;
    video.play().catch(() => null);
    try {
      const full = await api("GET", "/api/stories/" + story.id);
      const lines = credentialLines(full.provenance);
      lines.push(t("cr.when", { when: new Date(full.published_at).toLocaleString() }));
      fillList(document.getElementById("cr-list"), lines);
    } catch (error) {
      fillList(document.getElementById("cr-list"), [error.message]);
    }
  }

  function open(n, from) {
    opener = from;
    viewer.hidden = false;
    document.body.style.overflow = "hidden";
    show(n);
    document.getElementById("viewer-close").focus();
  }

  function close() {
    video.pause();
    viewer.hidden = true;
    document.body.style.overflow = "";
    if (opener) opener.focus();
  }

  video.addEventListener("timeupdate", () => {
    const fill = segments.children[index] && segments.children[index].firstChild;
    if (fill && video.duration) fill.style.width = (100 * video.currentTime / video.duration) + "%";
  });
  video.addEventListener("ended", () => show(index + 1));
  document.getElementById("viewer-next").addEventListener("click", () => show(index + 1));
  document.getElementById("viewer-prev").addEventListener("click", () => show(index - 1));
  document.getElementById("viewer-close").addEventListener("click", close);
  sound.addEventListener("click", () => {
    video.muted = !video.muted;
    sound.setAttribute("aria-pressed", String(!video.muted));
    sound.textContent = video.muted ? t("viewer.sound_off") : t("viewer.sound_on");
  });
  crButton.addEventListener("click", () => {
    crPanel.hidden = !crPanel.hidden;
    crButton.setAttribute("aria-expanded", String(!crPanel.hidden));
  });
  viewer.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    if (event.key === "ArrowRight") show(index + 1);
    if (event.key === "ArrowLeft") show(index - 1);
  });
  let startX = null;
  viewer.addEventListener("touchstart", (event) => { startX = event.touches[0].clientX; }, { passive: true });
  viewer.addEventListener("touchend", (event) => {
    if (startX === null) return;
    const dx = event.changedTouches[0].clientX - startX;
    if (Math.abs(dx) > 50) show(index + (dx < 0 ? 1 : -1));
    startX = null;
  });
  for (const ring of document.querySelectorAll(".story-ring")) {
    ring.addEventListener("click", () => open(Number(ring.dataset.index), ring));
  }
});
