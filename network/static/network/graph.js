// Netzwerkkarte: draws the network graph with Cytoscape.js from the page's JSON endpoint.
// Loaded as a file (the Content Security Policy forbids inline scripts). The page works without
// it: the filters, the lists and the table alternative are rendered by the server.
//
// After the layout the container carries data-node-count and data-edge-count (what is drawn),
// so tests and assistive tooling can tell that the graph is there. Points carry their short
// name as a label: the best-connected ones at first sight, all of them once zoomed in.
(function () {
  "use strict";

  var LARGE_GRAPH = 300; // above this, a fast layout instead of the force-directed one
  // Labels: the short name beside each point. At first sight the organisations with the most
  // ties carry theirs (all of them in a small graph); zooming in brings the others'.
  var LABEL_PX = 12; // the size of a prominent label on screen at first sight
  var OTHER_LABEL_SHARE = 0.8; // the others are a little smaller …
  var ALL_LABELS_ZOOM = 1.4; // … and appear once zoomed in this far beyond the first sight
  var LABEL_WIDTH_PX = 130; // longer labels end in "…"
  var PROMINENT = 12;
  var current = null; // {cy, container}

  function statusElement(container) {
    var results = container.closest("#graph-results") || document;
    return results.querySelector("[data-graph-status]");
  }

  function say(element, text) {
    if (element) {
      element.textContent = text;
    }
  }

  // The ids of the organisations whose label shows at first sight.
  function prominentIds(nodes) {
    if (nodes.length <= PROMINENT) {
      return new Set(nodes.map(function (node) { return node.id; }));
    }
    var ranked = nodes
      .filter(function (node) { return node.degree > 0; })
      .sort(function (a, b) { return b.degree - a.degree || a.id - b.id; });
    return new Set(ranked.slice(0, PROMINENT).map(function (node) { return node.id; }));
  }

  function elementsFrom(data, aspect) {
    var nodeStyles = data.styles.nodes;
    var edgeStyles = data.styles.edges;
    var prominent = prominentIds(data.nodes);
    var elements = [];
    var count = data.nodes.length;
    data.nodes.forEach(function (node, index) {
      var style = nodeStyles[node.kind] || nodeStyles.other;
      var classes = [node.active ? "" : "dormant", prominent.has(node.id) ? "prominent" : ""];
      // A fixed start on an ellipse as wide as the canvas instead of random positions: the
      // same data give the same map on every load, and no two points start on one spot.
      var angle = (2 * Math.PI * index) / Math.max(count, 1);
      var radius = 40 * Math.sqrt(count);
      elements.push({
        group: "nodes",
        data: {
          id: String(node.id),
          name: node.name,
          label: node.label || node.name,
          url: node.url || "",
          degree: node.degree,
          colour: style.colour,
          shape: style.shape,
        },
        position: { x: radius * aspect * Math.cos(angle), y: radius * Math.sin(angle) },
        classes: classes.join(" ").trim(),
      });
    });
    data.edges.forEach(function (edge) {
      var style = edgeStyles[edge.kind] || edgeStyles.cooperation;
      elements.push({
        group: "edges",
        data: {
          id: edge.id,
          source: String(edge.source),
          target: String(edge.target),
          colour: style.colour,
          line: style.line,
          width: style.width,
        },
        classes: [edge.directed ? "directed" : "", style.double ? "double" : ""].join(" ").trim(),
      });
    });
    return elements;
  }

  // `scale`: model units per screen pixel at first sight (1 / the zoom after fitting), so that
  // labels have their intended size on screen then. Labels of the other points are drawn once
  // they are "labelled" (see showLabels); far out, Cytoscape.js leaves out labels that would be
  // smaller than min-zoomed-font-size on screen.
  function stylesheet(maxDegree, scale) {
    var top = Math.max(maxDegree, 1);
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: "mapData(degree, 0, " + top + ", 18, 60)",
          height: "mapData(degree, 0, " + top + ", 18, 60)",
          label: "data(label)",
          "font-family": "Fira Sans, sans-serif",
          "font-size": LABEL_PX * OTHER_LABEL_SHARE * scale,
          "min-zoomed-font-size": 6,
          "text-opacity": 0,
          color: "#131525",
          "text-valign": "bottom",
          "text-margin-y": 3 * scale,
          "text-wrap": "ellipsis",
          "text-max-width": LABEL_WIDTH_PX * scale + "px",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0,
          "text-background-padding": 1 * scale + "px",
          "border-width": 1,
          "border-color": "#ffffff",
        },
      },
      {
        selector: "node.prominent, node.labelled",
        style: { "text-opacity": 1, "text-background-opacity": 0.85 },
      },
      {
        selector: "node.prominent",
        style: { "font-size": LABEL_PX * scale, "font-weight": 600 },
      },
      {
        selector: "node.dormant",
        style: { "border-width": 3, "border-style": "dashed", "border-color": "#131525" },
      },
      {
        selector: "edge",
        style: {
          "line-color": "data(colour)",
          "line-style": "data(line)",
          width: "data(width)",
          "curve-style": "bezier",
          opacity: 0.85,
        },
      },
      {
        // Cytoscape.js knows no double line: a white line with an outline in the colour.
        selector: "edge.double",
        style: {
          "line-color": "#ffffff",
          width: 2,
          "line-outline-width": 2,
          "line-outline-color": "data(colour)",
        },
      },
      {
        selector: "edge.directed",
        style: {
          "target-arrow-shape": "triangle",
          "target-arrow-color": "data(colour)",
          "arrow-scale": 1.2,
        },
      },
      { selector: ".dimmed", style: { opacity: 0.12 } },
      {
        selector: "node.highlighted",
        style: {
          "border-width": 4,
          "border-color": "#131525",
          "border-style": "solid",
          "z-index": 10,
          "font-weight": "bold",
          "font-size": LABEL_PX * scale,
          "min-zoomed-font-size": 0,
          "text-opacity": 1,
          "text-background-opacity": 0.85,
        },
      },
    ];
  }

  function layoutFor(count) {
    if (count > LARGE_GRAPH) {
      return {
        name: "concentric",
        animate: false,
        concentric: function (node) {
          return node.data("degree");
        },
        levelWidth: function () {
          return 2;
        },
        minNodeSpacing: 4,
      };
    }
    return {
      name: "cose",
      animate: false,
      randomize: false, // starts from the circle of elementsFrom
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: function () {
        return 90;
      },
      nodeRepulsion: function () {
        return 12000;
      },
    };
  }

  function highlight(input) {
    if (!current) {
      return;
    }
    var cy = current.cy;
    var container = current.container;
    var status = document.getElementById("graph-search-status");
    var term = input.value.trim().toLocaleLowerCase();
    cy.batch(function () {
      cy.elements().removeClass("dimmed highlighted");
      if (!term) {
        return;
      }
      var matches = cy.nodes().filter(function (node) {
        return node.data("name").toLocaleLowerCase().indexOf(term) !== -1;
      });
      cy.elements().not(matches).not(matches.connectedEdges()).addClass("dimmed");
      matches.addClass("highlighted");
    });
    if (!term) {
      say(status, "");
      return;
    }
    var count = cy.nodes(".highlighted").length;
    var text;
    if (count === 0) {
      text = container.dataset.searchNone;
    } else if (count === 1) {
      text = container.dataset.searchOne;
    } else {
      text = container.dataset.searchMany.replace("%(count)s", String(count));
    }
    say(status, text);
  }

  // A force-directed layout has no up or down: turned to lie the way the canvas does (wider
  // than tall, or the other way round), the map fills it and fitting zooms in further.
  function orient(cy, container) {
    var box = cy.nodes().boundingBox({ includeLabels: false });
    var wideCanvas = container.clientWidth >= container.clientHeight;
    if (box.w > 0 && box.h > 0 && (box.w >= box.h) !== wideCanvas) {
      cy.nodes().positions(function (node) {
        var position = node.position();
        return { x: position.y, y: position.x };
      });
    }
  }

  // Zoomed in far enough, every point gets its label; a class, so only a crossing of the
  // threshold restyles anything.
  function showLabels(cy, firstZoom) {
    var all = cy.zoom() >= firstZoom * ALL_LABELS_ZOOM;
    var others = cy.nodes().not(".prominent");
    if (others.length && others[0].hasClass("labelled") !== all) {
      others.toggleClass("labelled", all);
    }
  }

  function downloadPng(container) {
    if (!current) {
      return;
    }
    var blob = current.cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 8000, maxHeight: 8000 });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = container.dataset.pngName || "netzwerkkarte.png";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  function draw(container, data) {
    var maxDegree = data.nodes.reduce(function (max, node) {
      return Math.max(max, node.degree);
    }, 0);
    var cy = window.cytoscape({
      container: container,
      elements: elementsFrom(data, container.clientWidth / Math.max(container.clientHeight, 1)),
      style: stylesheet(maxDegree, 1),
      layout: { name: "preset" },
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: data.nodes.length > LARGE_GRAPH,
    });
    current = { cy: cy, container: container };

    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.assign(url);
      }
    });

    var count = data.nodes.length;
    function settle() {
      orient(cy, container);
      cy.fit(undefined, 20);
      cy.style().fromJson(stylesheet(maxDegree, 1 / cy.zoom())).update();
    }
    function finish() {
      var firstZoom = cy.zoom();
      cy.on("zoom", function () {
        showLabels(cy, firstZoom);
      });
      container.dataset.nodeCount = String(cy.nodes().length);
      container.dataset.edgeCount = String(cy.edges().length);
      say(statusElement(container), "");
      var button = document.querySelector("[data-graph-png]");
      if (button) {
        button.hidden = false;
      }
      var input = document.getElementById("graph-search-input");
      if (input) {
        highlight(input);
      }
    }

    var layout = cy.layout(layoutFor(count));
    layout.one("layoutstop", function () {
      settle();
      finish();
    });
    layout.run();
  }

  function load(container) {
    if (!container || container.dataset.graphStarted) {
      return;
    }
    container.dataset.graphStarted = "true";
    if (current) {
      current.cy.destroy();
      current = null;
    }
    var status = statusElement(container);
    say(status, container.dataset.statusLoading);
    fetch(container.dataset.src, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        draw(container, data);
      })
      .catch(function () {
        say(status, container.dataset.statusFailed);
      });
  }

  function wire() {
    var search = document.querySelector("[data-graph-search]");
    var input = document.getElementById("graph-search-input");
    if (search && input) {
      search.hidden = false;
      input.addEventListener("input", function () {
        highlight(input);
      });
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-graph-png]");
      var container = document.getElementById("network-graph");
      if (button && container) {
        downloadPng(container);
      }
    });
    // The filters reload the results in place (htmx); the new container gets a new graph.
    // Before the swap the old graph goes, with the inline style Cytoscape.js gave its container:
    // htmx would otherwise copy that style attribute onto the new container while settling,
    // which the Content Security Policy blocks (style-src-attr).
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var old = document.getElementById("network-graph");
      if (!event.detail.shouldSwap || !old || !event.detail.target.contains(old)) {
        return;
      }
      if (current) {
        current.cy.destroy();
        current = null;
      }
      old.removeAttribute("style");
    });
    document.body.addEventListener("htmx:afterSettle", function () {
      load(document.getElementById("network-graph"));
    });
    load(document.getElementById("network-graph"));
  }

  if (typeof window.cytoscape !== "function") {
    return;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
