// Netzwerkkarte: draws the network graph with Cytoscape.js from the page's JSON endpoint.
// Loaded as a file (the Content Security Policy forbids inline scripts). The page works without
// it: the filters, the lists and the table alternative are rendered by the server.
//
// After the layout the container carries data-node-count and data-edge-count (what is drawn),
// so tests and assistive tooling can tell that the graph is there.
(function () {
  "use strict";

  var LARGE_GRAPH = 300; // above this, a fast layout instead of the force-directed one
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

  function elementsFrom(data) {
    var nodeStyles = data.styles.nodes;
    var edgeStyles = data.styles.edges;
    var elements = [];
    data.nodes.forEach(function (node) {
      var style = nodeStyles[node.kind] || nodeStyles.other;
      elements.push({
        group: "nodes",
        data: {
          id: String(node.id),
          name: node.name,
          url: node.url || "",
          degree: node.degree,
          colour: style.colour,
          shape: style.shape,
        },
        classes: node.active ? "" : "dormant",
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
        classes: edge.directed ? "directed" : "",
      });
    });
    return elements;
  }

  function stylesheet(maxDegree) {
    var top = Math.max(maxDegree, 1);
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          shape: "data(shape)",
          width: "mapData(degree, 0, " + top + ", 18, 60)",
          height: "mapData(degree, 0, " + top + ", 18, 60)",
          label: "data(name)",
          "font-family": "Fira Sans, sans-serif",
          "font-size": 11,
          color: "#131525",
          "text-valign": "bottom",
          "text-margin-y": 4,
          "text-wrap": "ellipsis",
          "text-max-width": "140px",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
          "min-zoomed-font-size": 9,
          "border-width": 1,
          "border-color": "#ffffff",
        },
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
          "min-zoomed-font-size": 0,
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
      randomize: true,
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
      elements: elementsFrom(data),
      style: stylesheet(maxDegree),
      layout: { name: "preset" },
      minZoom: 0.05,
      maxZoom: 4,
      wheelSensitivity: 0.3,
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

    var layout = cy.layout(layoutFor(data.nodes.length));
    layout.one("layoutstop", function () {
      cy.fit(undefined, 20);
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
