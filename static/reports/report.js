// Draws each breakdown of the report as a bar chart, from the figures the page hands over in
// <script id="report-charts" type="application/json">. The table under each chart carries every
// figure: without this script the page loses the pictures and nothing else.
(function () {
    "use strict";

    const source = document.getElementById("report-charts");
    if (!source || typeof window.Chart === "undefined") {
        return;
    }
    const data = JSON.parse(source.textContent);
    // The admin's own text colour and font, in its light and dark themes alike.
    const body = window.getComputedStyle(document.body);
    window.Chart.defaults.color = body.color;
    window.Chart.defaults.font.family = body.fontFamily;
    // Wagtail's teal and a dark blue: both at least 3:1 against the light and the dark background.
    const colours = ["#007d7e", "#4d7cc1"];

    document.querySelectorAll("[data-chart]").forEach(function (box) {
        const name = box.dataset.chart;
        const chart = data[name];
        const overTime = name === "month";
        const datasets = Object.keys(chart.series).map(function (key, index) {
            return {
                label: data.names[key],
                data: chart.series[key],
                backgroundColor: colours[index % colours.length],
                maxBarThickness: 32,
            };
        });
        const valueAxis = overTime ? "y" : "x";
        if (!overTime) {
            // A bar's height per place, and room for the axis: one region does not need a tall box.
            box.style.height = 3 + 2.25 * chart.labels.length + "rem";
        }
        box.hidden = false;
        new window.Chart(box.querySelector("canvas"), {
            type: "bar",
            data: {labels: chart.labels, datasets: datasets},
            options: {
                // Places read best as horizontal bars with their names beside them; months left to right.
                indexAxis: overTime ? "x" : "y",
                maintainAspectRatio: false,
                animation: false,
                plugins: {legend: {display: datasets.length > 1}},
                scales: {[valueAxis]: {beginAtZero: true, ticks: {precision: 0}}},
            },
        });
    });
})();
