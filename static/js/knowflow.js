// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("click", (event) => {
  // A suggested topic appends itself to the comma-separated field it belongs to.
  const button = event.target.closest("[data-topic-target]");
  if (!button) return;
  const input = document.getElementById(button.dataset.topicTarget);
  if (!input) return;
  const parts = input.value.split(",").map((p) => p.trim()).filter(Boolean);
  // Typeahead drops the partial word being typed; a topic suggested from the text does not.
  if (!button.dataset.topicKeep && !/,\s*$/.test(input.value)) parts.pop();
  if (!parts.some((p) => p.toLowerCase() === button.dataset.topicName.toLowerCase())) {
    parts.push(button.dataset.topicName);
  }
  input.value = parts.join(", ") + ", ";
  input.focus();
  const box = button.closest(".suggestions");
  if (box) box.innerHTML = "";
});

document.addEventListener("click", (event) => {
  // A #topic or @name suggestion replaces the word being typed at the end of the text.
  const button = event.target.closest("[data-complete-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.completeTarget);
  if (!field) return;
  field.value = field.value.replace(/[#@][^\s#@]*$/, "") + button.dataset.complete + " ";
  field.focus();
  const box = button.closest(".suggestions");
  if (box) box.innerHTML = "";
});
