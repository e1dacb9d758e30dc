/* Trend charts of the dashboard: reads the charts the page wrote with json_script ("dashboard-charts") and draws
   each on the <canvas data-chart="N"> with the same index. Exact values come as Vietnamese texts from the
   server; the drawing uses the numbers. The target is a dashed horizontal line across the plot. */
(function () {
  "use strict";

  var LINE = "#1f5fa8", TARGET = "#b3261e", GRID = "#e6e9ef";
  var vi = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function tick(percent) {
    return function (value) { return vi.format(value) + (percent ? "%" : ""); };
  }

  function datasets(chart) {
    return [{
      label: chart.title, data: chart.values, borderColor: LINE, backgroundColor: LINE,
      borderWidth: 2, pointRadius: 3.5, pointHoverRadius: 5, tension: 0, texts: chart.texts,
      clip: 6  // a point at 100% sits on the axis' top edge: draw it whole, not cut in half
    }];
  }

  // The target is drawn across the whole plot, so it shows even when there is a single period.
  var targetLine = {
    id: "chisoTarget",
    afterDatasetsDraw: function (instance, args, opts) {
      if (opts.value === null || opts.value === undefined) { return; }
      var area = instance.chartArea, ctx = instance.ctx, y = instance.scales.y.getPixelForValue(opts.value);
      ctx.save();
      ctx.strokeStyle = TARGET; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
      ctx.beginPath(); ctx.moveTo(area.left, y); ctx.lineTo(area.right, y); ctx.stroke();
      ctx.setLineDash([]); ctx.fillStyle = TARGET; ctx.font = "11px 'Liberation Sans', Arial, sans-serif";
      ctx.textAlign = "right"; ctx.textBaseline = y - area.top < 16 ? "top" : "bottom";
      ctx.fillText(opts.text, area.right - 4, y + (ctx.textBaseline === "top" ? 4 : -4));
      ctx.restore();
    }
  };

  function bounds(chart) {
    // From zero, so a change is never blown up; a rate's axis stops at 100% unless a value goes past it.
    var top = Math.max.apply(null, chart.values.concat(chart.target === null ? [] : [chart.target]));
    if (!chart.percent) { return { beginAtZero: true, grace: "15%" }; }
    if (top > 100) { return { min: 0, grace: "10%" }; }
    return { min: 0, max: Math.min(100, Math.max(10, Math.ceil(top * 1.2 / 10) * 10)) };
  }

  function options(chart) {
    var scale = bounds(chart);
    scale.ticks = { callback: tick(chart.percent), maxTicksLimit: 6, color: "#5b6475" };
    scale.grid = { color: GRID };
    return {
      responsive: true, maintainAspectRatio: false, locale: "vi-VN", animation: false,
      interaction: { mode: "index", intersect: false },
      scales: { y: scale, x: { offset: true, grid: { display: false }, ticks: { color: "#5b6475" } } },
      plugins: {
        legend: { display: false },
        chisoTarget: { value: chart.target, text: chart.target_text },
        tooltip: { callbacks: {
          title: function (items) { return chart.periods[items[0].dataIndex]; },
          label: function (item) { return " " + item.dataset.texts[item.dataIndex]; }
        } }
      }
    };
  }

  function draw(canvas, chart) {
    // eslint-disable-next-line no-new
    new window.Chart(canvas, { type: "line", data: { labels: chart.labels, datasets: datasets(chart) },
                               options: options(chart), plugins: [targetLine] });
  }

  function start() {
    var source = document.getElementById("dashboard-charts");
    if (source && window.Chart) {
      var charts = JSON.parse(source.textContent);
      document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
        var chart = charts[Number(canvas.dataset.chart)];
        if (chart) { draw(canvas, chart); }
      });
    }
    // Changing a choice shows the new selection at once; the button stays for keyboards and no-JS.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
