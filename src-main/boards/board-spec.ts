/** BoardSpec: one boards/<id>.json. Validated on load by boards/registry.ts. */
export interface PowerRail {
  name: string; // e.g. VCCINT
  sensor: string; // hwmon name, e.g. ina226_u79
  group: 'PL' | 'PS' | 'MGT' | 'board';
  shuntMilliOhm?: number;
  nominalVolts?: number;
  /** Bus/address as the board documents it (e.g. 'PS@0x40', '6-0043'); disambiguates sensors sharing a hwmon name. */
  i2c?: string;
  /** hwmon attribute prefix to read (default 'power1' → power1_input in µW; else curr1 × in2). */
  attr?: string;
}

export interface BoardSpec {
  id: string; // file stem, e.g. zcu102
  name: string; // ZCU102
  vendor: string;
  family: 'zynq-7000' | 'zynq-ultrascale+' | 'kria' | 'versal' | 'alveo';
  part: string; // Vivado part name
  boardPart?: string;
  resources: { lut: number; ff: number; dsp: number; bram18k: number; uram: number };
  dspType: 'DSP48E1' | 'DSP48E2' | 'DSP58';
  clocks: { defaultMHz: number; maxMHz: number };
  memory: { kind: string; bytesPerSecond: number; note?: string };
  serial: { usb: Array<{ vendorId: string; productId: string; iface?: number; chip: string }>; console: string; baud: number };
  power: { rails: PowerRail[]; method: string };
  /**
   * Source keys / status per field path from ../shared/boards-data.md, shown in the UI. Each value
   * starts with its status letter: 'V' (primary source), 'C' (corroborated) or 'U' (unverified
   * placeholder), e.g. { part: 'V [R-ZU9]', 'memory.bytesPerSecond': 'U DDR4-2400 assumed' }.
   */
  provenance: Record<string, string>;
  linux: boolean;
}

/** The subset of serialport's PortInfo that autodetect reads. */
export interface PortInfoLike {
  path: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  manufacturer?: string;
  pnpId?: string;
  locationId?: string;
}

export interface UsbMatch {
  boardId: string;
  boardName: string;
  /** True when this port is the interface the board's Linux console is on. */
  console: boolean;
  /** 'high' when VID:PID and interface agree (and an FTDI EEPROM says "Xilinx"); 'low' for generic bridges. */
  confidence: 'high' | 'medium' | 'low';
  reason: string;
}
