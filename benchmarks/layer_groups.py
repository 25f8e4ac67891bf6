"""layer_groups.py — which ONNX nodes each system's layers cover, and rows
that time the same nodes on both sides.

Kiln and onnxruntime both fuse nodes (a convolution with its activation, its
pool or a residual sum) but not the same ones, and they name a fused layer
differently: Kiln after its first node (the MLIR location of the nn op, which
its Halide Funcs are named after), onnxruntime's NCHWc kernels after the
output tensor of their last node ("/relu/Relu_output_0_nchwc" is the Conv
and the Relu before it). Given each system's layers as anchors, the ONNX
node a name points at and whether it is the layer's first or last node,
partition() gives every other node to the layer it was fused into, and
merge() puts a Kiln layer and an onnxruntime node into one row whenever
they share a node, so that each row's two times cover the same nodes. The
matching is by names and data edges only; a node that neither side names
goes where it can only have been fused (below), and what matches nothing is
still listed, on its own row.
"""
import collections

FIRST, LAST = "first", "last"

# What a kernel named after its last node can have fused in front of that
# node: element-wise epilogues (ORT's NCHWc Conv takes its activation and
# residual sum; batch norms fold into the conv). A layer named after a pool's
# output took nothing before it: the Add and Relu in front of ResNet's
# global pool belong to the convolution before them, not to the pool.
EPILOGUES = {"Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish",
             "Tanh", "Elu", "Selu", "Softplus", "Gelu", "Add", "Sum", "Sub", "Mul", "Div",
             "BatchNormalization"}


class Graph:
    """The nodes of an ONNX graph and the data edges between them."""

    def __init__(self, onnx_path):
        import onnx
        graph = onnx.load(str(onnx_path), load_external_data=False).graph
        constants = {init.name for init in graph.initializer}
        nodes = list(graph.node)
        self.names = [node.name or f"{node.op_type}_{i}" for i, node in enumerate(nodes)]
        self.ops = [node.op_type for node in nodes]
        self.index = {}
        for i, name in enumerate(self.names):
            self.index.setdefault(name, i)
        self.producer = {tensor: i for i, node in enumerate(nodes) for tensor in node.output}
        readers = collections.defaultdict(list)
        for i, node in enumerate(nodes):
            for tensor in node.input:
                if i not in readers[tensor]:
                    readers[tensor].append(i)
        # Producers in input order (Add(conv, skip) lists the conv first).
        self.producers = [list(dict.fromkeys(self.producer[t] for t in node.input
                                             if t in self.producer)) for node in nodes]
        self.consumers = [list(dict.fromkeys(c for t in node.output for c in readers[t]))
                          for node in nodes]
        outputs = {value.name for value in graph.output}
        self.ends_graph = [any(t in outputs for t in node.output) for node in nodes]
        # Nodes that compute on the input, not on constants alone (shape
        # subgraphs, Constant nodes: Kiln evaluates those at import).
        sources = [value.name for value in graph.input if value.name not in constants]
        live, todo = set(), [c for t in sources for c in readers[t]]
        while todo:
            node = todo.pop()
            if node not in live:
                live.add(node)
                todo += self.consumers[node]
        self.live = live

    def only_reader(self, node):
        """The one node that reads all of NODE's outputs, else None: a
        fusion can only swallow an edge that nothing else reads."""
        readers = self.consumers[node]
        return readers[0] if len(readers) == 1 and not self.ends_graph[node] else None

    def exclusive_producers(self, node):
        return [p for p in self.producers[node] if self.only_reader(p) == node]

    def exclusive_consumers(self, node):
        reader = self.only_reader(node)
        return [reader] if reader is not None else []


def partition(graph, anchors):
    """{node: layer} for every live node that can be placed: ANCHORS maps a
    node to (layer, FIRST or LAST), the node the layer is named after. A layer
    named after its last node takes the unnamed nodes that feed only it, for
    as long as the node they feed is an epilogue (upstream); one named after
    its first node takes those that only it feeds (downstream). A node left
    over then joins a neighbour: its first producer that feeds only it (an
    Add joins the convolution it sums into), else its only reader, else any
    producer or reader."""
    owner = {node: layer for node, (layer, _) in anchors.items()}

    def grow(start, step):
        todo = [start]
        while todo:
            node = todo.pop()
            if step == graph.exclusive_producers and graph.ops[node] not in EPILOGUES:
                continue
            for near in step(node):
                if near not in owner and near in graph.live:
                    owner[near] = owner[start]
                    todo.append(near)

    for node, (_, kind) in sorted(anchors.items()):
        if kind == LAST:
            grow(node, graph.exclusive_producers)
    for node, (_, kind) in sorted(anchors.items()):
        if kind == FIRST:
            grow(node, graph.exclusive_consumers)
    changed = True
    while changed:
        changed = False
        for node in sorted(graph.live - owner.keys()):
            for near in (graph.exclusive_producers(node), graph.exclusive_consumers(node),
                         graph.producers[node], graph.consumers[node]):
                placed = [n for n in near if n in owner]
                if placed:
                    owner[node] = owner[placed[0]]
                    changed = True
                    break
    return owner


Row = collections.namedtuple("Row", "kiln ort nodes")


def merge(graph, kiln_layers, kiln_owner, ort_layers, ort_owner, same=()):
    """Rows of Kiln layers and onnxruntime nodes that share ONNX nodes
    (union-find over both partitions), in graph order; a layer that covers
    no node is a row of its own. SAME: pairs of onnxruntime nodes known to
    be one (two kernels anchored at one node)."""
    parent = {}

    def find(key):
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def union(a, b):
        parent[find(a)] = find(b)

    for layer in kiln_layers:
        find(("kiln", layer))
    for layer in ort_layers:
        find(("ort", layer))
    for a, b in same:
        union(("ort", a), ("ort", b))
    for node in range(len(graph.names)):
        if node in kiln_owner and node in ort_owner:
            union(("kiln", kiln_owner[node]), ("ort", ort_owner[node]))
    groups = collections.defaultdict(lambda: Row([], [], []))
    for layer in kiln_layers:
        groups[find(("kiln", layer))].kiln.append(layer)
    for layer in ort_layers:
        groups[find(("ort", layer))].ort.append(layer)
    for node in range(len(graph.names)):
        layer = kiln_owner.get(node)
        key = ("kiln", layer) if layer is not None else \
            ("ort", ort_owner[node]) if node in ort_owner else None
        if key is not None:
            groups[find(key)].nodes.append(node)
    first = len(graph.names)
    return sorted(groups.values(), key=lambda row: min(row.nodes, default=first))
