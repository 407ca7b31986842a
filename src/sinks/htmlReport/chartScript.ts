/**
 * The report page's own script (plain browser JavaScript, inlined after uPlot): reads the chart specs from the
 * #driftwatch-charts JSON element and draws each into its container, sized to the container's width.
 * Every drawn chart is listed in window.driftwatchCharts (id, points, series) so a test can check it.
 */
export const CHART_SCRIPT = String.raw`
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('driftwatch-charts').textContent);
  var COLORS = { value: '#2563eb', warning: '#d97706', critical: '#dc2626', alarm: '#b91c1c' };
  var EXTRA = ['#2563eb', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#ea580c', '#475569'];
  var drawn = [];
  var countFormat = new Intl.NumberFormat('en-US');
  function seriesOptions(s, i) {
    var color = s.role === 'extra' ? EXTRA[i % EXTRA.length] : COLORS[s.role];
    var base = { label: s.label, stroke: color, width: s.role === 'value' || s.role === 'extra' ? 2 : 1.5, spanGaps: false };
    if (s.role === 'warning' || s.role === 'critical') base.dash = [6, 4];
    if (s.role === 'warning' || s.role === 'critical') base.points = { show: false };
    if (s.role === 'alarm') {
      base.paths = function () { return null; };
      base.points = { show: true, size: 9, width: 2, stroke: color, fill: '#fecaca' };
    }
    return base;
  }
  function draw(spec) {
    var el = document.getElementById(spec.id);
    var width = Math.max(280, el.clientWidth);
    var extras = 0;
    var series = [{ label: spec.unit === 'time' ? 'window' : spec.unit === 'pairs' ? 'labelled pairs' : 'events' }];
    spec.series.forEach(function (s) { series.push(seriesOptions(s, s.role === 'extra' ? extras++ : 0)); });
    if (spec.unit !== 'time') series[0].value = function (u, v) { return v == null ? '' : countFormat.format(v); };
    var opts = {
      width: width,
      height: 220,
      series: series,
      scales: { x: { time: spec.unit === 'time' } },
      axes: [
        spec.unit === 'time' ? {} : { values: function (u, vals) { return vals.map(function (v) { return countFormat.format(v); }); } },
        { label: spec.yLabel, size: 60 },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
    var chart = new uPlot(opts, data, el);
    drawn.push({ id: spec.id, points: spec.x.length, series: spec.series.length, chart: chart });
  }
  specs.forEach(draw);
  window.driftwatchCharts = drawn.map(function (d) { return { id: d.id, points: d.chart.data[0].length, series: d.chart.series.length - 1 }; });
  var resizeTimer;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      drawn.forEach(function (d) {
        var el = document.getElementById(d.id);
        d.chart.setSize({ width: Math.max(280, el.clientWidth), height: 220 });
      });
    }, 100);
  });
})();
`;
