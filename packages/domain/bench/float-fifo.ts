/** The baseline of the position benchmark: the same FIFO accounting loop, in float64. */
export interface FloatTrade {
  volume: number;
  price: number;
  fee: number;
}

interface FloatLot {
  qty: number;
  price: number;
  cost: number;
  fee: number;
}

export interface FloatResult {
  roi: number;
  roiPct: number;
  totalFee: number;
  curVolume: number;
  curAvgPrice: number;
  curAvgCost: number;
  curFee: number;
}

/** What a user would write without exact decimals: Position's FIFO loop on numbers. */
export class FloatFifo {
  #lots: FloatLot[] = [];
  volume = 0;
  openCost = 0;
  openFee = 0;
  realized = 0;

  addTrade(t: FloatTrade): FloatResult {
    let roi = 0;
    let closed = 0;
    let fees = 0;
    if (this.volume === 0 || this.volume < 0 === t.volume < 0) {
      this.#open(t.volume, t.price, t.fee);
    } else {
      const size = Math.abs(t.volume);
      const long = this.volume > 0;
      let left = size;
      let exitLeft = t.fee;
      while (left > 0 && this.#lots.length > 0) {
        const lot = this.#lots[0]!;
        const lotSize = Math.abs(lot.qty);
        const whole = left >= lotSize;
        const m = whole ? lotSize : left;
        const costShare = whole ? lot.cost : m * lot.price;
        const entryFee = whole ? lot.fee : (lot.fee * m) / lotSize;
        left -= m;
        const exitFee = left === 0 ? exitLeft : (t.fee * m) / size;
        exitLeft -= exitFee;
        const gross = long ? m * t.price - costShare : costShare - m * t.price;
        roi += gross - entryFee - exitFee;
        closed += costShare;
        fees += entryFee + exitFee;
        this.openCost -= costShare;
        this.openFee -= entryFee;
        if (whole) this.#lots.shift();
        else {
          lot.qty = long ? lot.qty - m : lot.qty + m;
          lot.cost -= costShare;
          lot.fee -= entryFee;
        }
      }
      this.realized += roi;
      if (left > 0) this.#open(long ? -left : left, t.price, exitLeft);
    }
    this.volume += t.volume;
    return {
      roi,
      roiPct: closed === 0 ? 0 : (roi / closed) * 100,
      totalFee: fees,
      curVolume: this.volume,
      curAvgPrice: this.volume === 0 ? 0 : this.openCost / Math.abs(this.volume),
      curAvgCost: this.openCost,
      curFee: this.openFee,
    };
  }

  #open(v: number, p: number, f: number): void {
    const cost = Math.abs(v) * p;
    this.openCost += cost;
    this.openFee += f;
    this.#lots.push({ qty: v, price: p, cost, fee: f });
  }
}
