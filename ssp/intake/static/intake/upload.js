// Shows the upload's progress for a large daily report (kept in a file: the CSP forbids inline scripts).
document.addEventListener("htmx:xhr:progress", function (event) {
  var bar = document.getElementById("upload-progress");
  if (!bar || !event.detail.lengthComputable) {
    return;
  }
  bar.hidden = false;
  bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  var text = document.getElementById("upload-progress-text");
  if (text) {
    text.textContent = bar.value + " %";
  }
});
