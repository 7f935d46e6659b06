package io.veriregime.runtime.zk;

import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.SetupMaterial;
import java.nio.file.Path;

/** A compiled circuit set up: the setup material it was set up with and the keys. */
record SetUp(CompiledCircuit circuit, SetupMaterial material, KeySetup keys) {

  static SetUp of(ProvingBackend backend, CompiledCircuit circuit, Path keyDir) {
    SetupMaterial material = backend.prepareSetupMaterial(circuit);
    return new SetUp(circuit, material, backend.setup(circuit, keyDir));
  }
}
