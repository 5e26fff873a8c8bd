// The script of the report page, run by the browser after the inlined lightweight-charts
// standalone build: draws the price chart with the bot's entries and exits as markers, the equity
// curve (around the starting balance) and the drawdown curve, with their time scales kept in step.
// When all three have painted, it sets data-charts-ready on <body> (what the browser test waits for).
export const PAGE_SCRIPT = `
(function () {
  "use strict";
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  function chart(id) {
    return LC.createChart(document.getElementById(id), {
      autoSize: true,
      layout: { background: { type: "solid", color: "#ffffff" }, textColor: "#1f2933", fontSize: 12 },
      grid: { vertLines: { color: "#eef1f4" }, horzLines: { color: "#eef1f4" } },
      rightPriceScale: { borderColor: "#d0d7de" },
      timeScale: { borderColor: "#d0d7de", timeVisible: true, secondsVisible: false },
      crosshair: { mode: 0 },
    });
  }
  var price = chart("price-chart");
  var candles = price.addSeries(LC.CandlestickSeries, {
    upColor: "#26a69a", downColor: "#ef5350", borderVisible: false, wickUpColor: "#26a69a", wickDownColor: "#ef5350",
  });
  candles.setData(data.bars);
  LC.createSeriesMarkers(candles, data.markers);

  var equity = chart("equity-chart");
  var equitySeries = equity.addSeries(LC.BaselineSeries, {
    baseValue: { type: "price", price: data.startingBalance },
    topLineColor: "#26a69a", topFillColor1: "rgba(38,166,154,0.28)", topFillColor2: "rgba(38,166,154,0.05)",
    bottomLineColor: "#ef5350", bottomFillColor1: "rgba(239,83,80,0.05)", bottomFillColor2: "rgba(239,83,80,0.28)",
    lineWidth: 2,
  });
  equitySeries.setData(data.equity);

  var drawdown = chart("drawdown-chart");
  var drawdownSeries = drawdown.addSeries(LC.AreaSeries, {
    lineColor: "#ef5350", topColor: "rgba(239,83,80,0.05)", bottomColor: "rgba(239,83,80,0.4)", lineWidth: 2,
    invertFilledArea: true,
  });
  drawdownSeries.setData(data.drawdown);

  var charts = [price, equity, drawdown];
  charts.forEach(function (c) { c.timeScale().fitContent(); });
  var syncing = false;
  charts.forEach(function (c) {
    c.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
      if (syncing || range === null) return;
      syncing = true;
      charts.forEach(function (other) { if (other !== c) other.timeScale().setVisibleLogicalRange(range); });
      syncing = false;
    });
  });
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { document.body.setAttribute("data-charts-ready", "true"); });
  });
})();
`;
