// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("click", (event) => {
  // A suggested topic appends itself to the comma-separated field it belongs to.
  const button = event.target.closest("[data-topic-target]");
  if (!button) return;
  const input = document.getElementById(button.dataset.topicTarget);
  if (!input) return;
  const parts = input.value.split(",").map((p) => p.trim()).filter(Boolean);
  if (!/,\s*$/.test(input.value)) parts.pop(); // drop the partial word being typed
  if (!parts.some((p) => p.toLowerCase() === button.dataset.topicName.toLowerCase())) {
    parts.push(button.dataset.topicName);
  }
  input.value = parts.join(", ") + ", ";
  input.focus();
  const box = button.closest(".suggestions");
  if (box) box.innerHTML = "";
});
