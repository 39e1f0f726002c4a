// Draws the dashboard charts from the JSON block the page carries (no inline script, strict CSP).
(function () {
  const source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(source.textContent);
  Chart.defaults.font.size = 14; // readable on a projector
  Chart.defaults.animation = false; // and printable straight away

  // Long category names ("Belum pernah mengajukan") on several lines, so that a phone-wide
  // chart does not cut them at its left edge.
  function wrapLabel(label) {
    const lines = [];
    String(label).split(" ").forEach(function (word) {
      const last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= 14) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines;
  }

  new Chart(document.getElementById("chart-kecamatan"), {
    type: "bar",
    data: {
      labels: data.kecamatan.labels,
      datasets: [
        { label: data.names.registered, data: data.kecamatan.registered, backgroundColor: "#198754" },
        { label: data.names.accredited, data: data.kecamatan.accredited, backgroundColor: "#0d6efd" },
      ],
    },
    options: { responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  new Chart(document.getElementById("chart-funnel"), {
    type: "bar",
    data: {
      labels: data.funnel.labels.map(wrapLabel),
      datasets: [{ label: data.names.institutions, data: data.funnel.values, backgroundColor: "#6f42c1" }],
    },
    options: { indexAxis: "y", responsive: true, plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  new Chart(document.getElementById("chart-trend"), {
    type: "line",
    data: {
      labels: data.trend.labels,
      datasets: [
        { label: data.names.registrations, data: data.trend.registrations, borderColor: "#198754", backgroundColor: "#198754" },
        { label: data.names.accreditations, data: data.trend.accreditations, borderColor: "#0d6efd", backgroundColor: "#0d6efd" },
      ],
    },
    options: { responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
})();
